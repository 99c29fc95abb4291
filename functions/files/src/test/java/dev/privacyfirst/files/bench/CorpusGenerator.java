package dev.privacyfirst.files.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * A seeded benchmark corpus: text-like, random and already-compressed files, exact duplicates
 * (base/), and edited copies with small insertions and deletions at random offsets (edits/). The
 * same seed gives the same bytes on every machine.
 */
public final class CorpusGenerator {
  private CorpusGenerator() {}

  static final int FILE_MB = 8;
  private static final String[] WORDS = {
    "privacy",
    "policy",
    "storage",
    "service",
    "files",
    "users",
    "data",
    "share",
    "delete",
    "account",
    "encryption",
    "backup",
    "we",
    "you",
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "is",
    "that",
    "for",
    "may",
    "with",
    "information",
    "content",
    "retain",
    "law",
    "request"
  };

  public static void generate(Path root, long seed) throws IOException {
    Random random = new Random(seed);
    Path base = Files.createDirectories(root.resolve("base"));
    Path edits = Files.createDirectories(root.resolve("edits"));
    int size = FILE_MB * 1024 * 1024;
    byte[][] text = new byte[12][];
    for (int i = 0; i < text.length; i++) {
      text[i] = textLike(random, size);
      Files.write(base.resolve("text-" + i + ".txt"), text[i]);
    }
    for (int i = 0; i < 5; i++) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      Files.write(base.resolve("random-" + i + ".bin"), data);
    }
    for (int i = 0; i < 6; i++) {
      Files.write(base.resolve("compressed-" + i + ".gz"), deflate(textLike(random, size * 3)));
    }
    for (int i = 0; i < 3; i++) {
      Files.write(base.resolve("duplicate-" + i + ".txt"), text[i]);
    }
    for (int i = 0; i < 6; i++) {
      Files.write(edits.resolve("edited-" + i + ".txt"), edit(random, text[3 + i]));
    }
  }

  static byte[] textLike(Random random, int size) {
    StringBuilder b = new StringBuilder(size + 32);
    while (b.length() < size) {
      b.append(WORDS[random.nextInt(WORDS.length)]);
      int r = random.nextInt(12);
      b.append(r == 0 ? ".\n" : r == 1 ? ", " : " ");
      if (random.nextInt(50) == 0) {
        b.append(random.nextInt(100_000));
      }
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(6);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3);
    byte[] buffer = new byte[64 * 1024];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  /** A few insertions and deletions of a few bytes to a few KB at random offsets. */
  static byte[] edit(Random random, byte[] original) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + 64 * 1024);
    int edits = 3 + random.nextInt(3);
    int[] offsets = random.ints(edits, 0, original.length).sorted().toArray();
    int pos = 0;
    for (int offset : offsets) {
      out.write(original, pos, offset - pos);
      pos = offset;
      if (random.nextBoolean()) {
        byte[] insert = textLike(random, 1 + random.nextInt(4096));
        out.write(insert, 0, insert.length);
      } else {
        pos = Math.min(original.length, pos + 1 + random.nextInt(4096));
      }
    }
    out.write(original, pos, original.length - pos);
    return out.toByteArray();
  }
}
