package dev.privacyfirst.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A folder as a desktop sync client meets it, seeded: files of 1-10 KiB, half text (notes-like
 * lines), half random binary, and every fifth file an exact copy of an earlier one under another
 * name. Used by {@code FolderSyncTest} and the {@code FolderSyncBench} harness.
 */
public final class SyncFolder {
  private SyncFolder() {}

  /** {@code files} names (unique, no slashes) to their bytes, in the order a client would send. */
  public static Map<String, byte[]> generate(int files, long seed) {
    Random random = new Random(seed);
    Map<String, byte[]> out = new LinkedHashMap<>();
    List<byte[]> originals = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      byte[] bytes;
      if (i % 5 == 4 && !originals.isEmpty()) {
        bytes = originals.get(random.nextInt(originals.size()));
      } else if (i % 2 == 0) {
        StringBuilder text = new StringBuilder();
        int size = 1024 + random.nextInt(9 * 1024);
        while (text.length() < size) {
          text.append("line ").append(random.nextInt(1000)).append(" of notes for file ");
          text.append(i).append('\n');
        }
        bytes = text.substring(0, size).getBytes(StandardCharsets.UTF_8);
        originals.add(bytes);
      } else {
        bytes = new byte[1024 + random.nextInt(9 * 1024)];
        random.nextBytes(bytes);
        originals.add(bytes);
      }
      out.put("dir" + (i % 7) + "-file-" + i + (i % 2 == 0 ? ".txt" : ".bin"), bytes);
    }
    return out;
  }
}
