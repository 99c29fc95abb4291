package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded folder shaped like a home directory's small-file folders, for the end-to-end test and
 * the benchmark of many small files: 85 % under 4 KiB (prose, C source, gzip'd text, small random
 * "icons"), 13 % of 4-256 KiB, 2 % of 1-4 MiB; and its copies ({@link #exactCopies}, {@link
 * #editedCopies}).
 */
public final class SmallFilesFolder {
  private SmallFilesFolder() {}

  /** A file as a client holds it: a name without slashes (the API refuses them), type, bytes. */
  public record LocalFile(String name, String contentType, byte[] bytes) {}

  public static List<LocalFile> folder(int count, Random random) throws IOException {
    List<LocalFile> files = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int shape = random.nextInt(100);
      int size;
      if (shape < 85) {
        size = 64 + random.nextInt(4096 - 64);
      } else if (shape < 98) {
        size = 4096 + random.nextInt(256 * 1024 - 4096);
      } else {
        size = (1 << 20) + random.nextInt(3 << 20);
      }
      int kind = random.nextInt(10);
      // names carry no slashes (the API refuses them): the folder is a prefix
      String dir = "dir" + (i % 37) + "_";
      if (kind < 5) {
        files.add(new LocalFile(dir + "note-" + i + ".txt", "text/plain", text(random, size)));
      } else if (kind < 8) {
        files.add(new LocalFile(dir + "src-" + i + ".c", "text/x-c", source(random, size)));
      } else if (kind < 9) {
        files.add(
            new LocalFile(
                dir + "man-" + i + ".1.gz", "application/gzip", gzip(text(random, size * 3))));
      } else {
        byte[] icon = new byte[size];
        random.nextBytes(icon);
        files.add(new LocalFile(dir + "icon-" + i + ".png", "image/png", icon));
      }
    }
    return files;
  }

  /**
   * One file in ten again under another name: exact duplicates, which deduplication stores once.
   */
  public static List<LocalFile> exactCopies(List<LocalFile> originals) {
    List<LocalFile> copies = new ArrayList<>();
    for (int i = 3; i < originals.size(); i += 10) {
      LocalFile original = originals.get(i);
      copies.add(
          new LocalFile("backup_" + original.name(), original.contentType(), original.bytes()));
    }
    return copies;
  }

  /** One text file in fifty again with one line inserted at a random place. */
  public static List<LocalFile> editedCopies(List<LocalFile> originals, Random random) {
    List<LocalFile> copies = new ArrayList<>();
    for (int i = 7; i < originals.size(); i += 50) {
      LocalFile original = originals.get(i);
      if (!original.contentType().startsWith("text/")) {
        continue;
      }
      byte[] edited = original.bytes();
      int at = random.nextInt(edited.length);
      byte[] line = ("\n// edited " + i + "\n").getBytes(UTF_8);
      byte[] merged = new byte[edited.length + line.length];
      System.arraycopy(edited, 0, merged, 0, at);
      System.arraycopy(line, 0, merged, at, line.length);
      System.arraycopy(edited, at, merged, at + line.length, edited.length - at);
      copies.add(new LocalFile("edited_" + original.name(), original.contentType(), merged));
    }
    return copies;
  }

  private static final String[] WORDS = {
    "privacy",
    "the",
    "file",
    "of",
    "a",
    "storage",
    "and",
    "user",
    "to",
    "data",
    "in",
    "policy",
    "chunk",
    "is",
    "notes",
    "meeting",
    "tomorrow",
    "build",
    "release",
    "draft"
  };

  private static byte[] text(Random random, int size) {
    StringBuilder text = new StringBuilder(size + 32);
    while (text.length() < size) {
      // Zipf-like: early words far more often
      text.append(WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2.5))]);
      text.append(random.nextInt(12) == 0 ? ".\n" : " ");
    }
    return Arrays.copyOf(text.toString().getBytes(UTF_8), size);
  }

  private static byte[] source(Random random, int size) {
    StringBuilder code = new StringBuilder(size + 64);
    int n = 0;
    while (code.length() < size) {
      code.append("static int f")
          .append(n++)
          .append("(int x) {\n  return x * ")
          .append(random.nextInt(1000))
          .append(" + ")
          .append(random.nextInt(97))
          .append(";\n}\n");
    }
    return Arrays.copyOf(code.toString().getBytes(UTF_8), size);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
