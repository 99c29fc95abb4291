package dev.privacyfirst.files.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded corpus shaped like a home directory: thousands of small files (85 % under 4 KiB: prose,
 * source, dotfiles, gzip'd man pages, small images), some medium ones (source, logs, shared-library
 * -like binaries, photos), a few large ones, exact duplicates in other folders (licences, vendored
 * copies), and edited copies of some of them (edits/). The same seed and file count give the same
 * bytes on every machine; nothing is downloaded.
 *
 * <p>Shaped after the review's corpus (16,200 files, 366 MB, 85 % of files under 4 KiB), scaled by
 * {@code files}: the default 5,400 files come to about a third of it.
 */
public final class HomeCorpusGenerator {
  private HomeCorpusGenerator() {}

  private static final String[] WORDS = {
    "and",
    "of",
    "the",
    "a",
    "to",
    "is",
    "in",
    "for",
    "that",
    "it",
    "with",
    "as",
    "was",
    "on",
    "be",
    "at",
    "by",
    "this",
    "had",
    "not",
    "are",
    "but",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "one",
    "you",
    "were",
    "her",
    "all",
    "she",
    "there",
    "would",
    "their",
    "we",
    "him",
    "been",
    "has",
    "when",
    "who",
    "will",
    "more",
    "no",
    "if",
    "out",
    "so",
    "said",
    "what",
    "up",
    "its",
    "about",
    "into",
    "than",
    "them",
    "can",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "then",
    "do",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "man",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "people",
    "how",
    "too",
    "little",
    "state",
    "good",
    "very",
    "make",
    "world",
    "still",
    "own",
    "see",
    "men",
    "work",
    "long",
    "get",
    "here",
    "between",
    "both",
    "life",
    "being",
    "under",
    "never",
    "day",
    "same",
    "another",
    "know",
    "while",
    "last",
    "might",
    "us",
    "great",
    "old",
    "year",
    "off",
    "come",
    "since",
    "against",
    "go",
    "came",
    "right",
    "used",
    "take",
    "three",
    "meeting",
    "invoice",
    "budget",
    "project",
    "report",
    "holiday",
    "garden",
    "recipe",
    "school",
    "doctor",
    "insurance",
    "contract",
    "notes"
  };

  private static final String[] IDENTIFIERS = {
    "value",
    "count",
    "index",
    "buffer",
    "result",
    "config",
    "name",
    "size",
    "offset",
    "length",
    "data",
    "item",
    "items",
    "node",
    "next",
    "prev",
    "key",
    "map",
    "list",
    "error",
    "status",
    "request",
    "response",
    "handler",
    "context",
    "client",
    "server",
    "path",
    "file",
    "stream",
    "reader",
    "writer",
    "parse",
    "format",
    "update",
    "create",
    "delete",
    "find",
    "load",
    "save",
    "init",
    "close",
    "open",
    "start",
    "stop",
    "run",
    "get",
    "set",
    "add",
    "remove",
    "check"
  };

  private static final String[] KEYWORDS = {
    "if", "for", "while", "return", "int", "long", "const", "static", "void", "char", "struct",
    "def", "let", "var", "final", "public", "private", "import", "from", "else", "switch", "case"
  };

  /** What {@link #generate} wrote: bytes and files per part. */
  public record Summary(int baseFiles, long baseBytes, int editFiles, long editBytes) {}

  public static Summary generate(Path root, long seed, int files) throws IOException {
    Random random = new Random(seed);
    Path base = Files.createDirectories(root.resolve("base"));
    Path edits = Files.createDirectories(root.resolve("edits"));
    int large = Math.max(2, files / 900);
    int medium = files * 135 / 1000;
    int duplicates = files * 3 / 100;
    int small = files - large - medium - duplicates;
    List<Written> text = new ArrayList<>();
    List<Written> all = new ArrayList<>();
    List<Kind> smallKinds =
        List.of(
            new Kind(30, "note-%d.txt", true, r -> prose(r, logNormal(r, 1400, 0.8, 60, 3900))),
            new Kind(45, "src-%d.c", true, r -> source(r, logNormal(r, 1800, 0.7, 80, 4000))),
            new Kind(60, "src-%d.py", true, r -> source(r, logNormal(r, 1800, 0.7, 80, 4000))),
            new Kind(72, "rc-%d.conf", true, r -> dotfile(r, logNormal(r, 500, 0.9, 20, 4000))),
            new Kind(
                92, "man-%d.1.gz", false, r -> gzip(troff(r, logNormal(r, 5000, 0.6, 600, 11000)))),
            new Kind(
                100,
                "icon-%d.png",
                false,
                r -> randomBytes(r, logNormal(r, 1500, 0.8, 100, 4000))));
    List<Kind> mediumKinds =
        List.of(
            new Kind(
                30,
                "module-%d.java",
                true,
                r -> source(r, logNormal(r, 12_000, 0.9, 4200, 400_000))),
            new Kind(
                45, "log-%d.log", true, r -> prose(r, logNormal(r, 30_000, 1.0, 4200, 1_500_000))),
            new Kind(
                75,
                "lib%d.so",
                false,
                r -> library(r, logNormal(r, 150_000, 1.0, 8_000, 3_000_000))),
            new Kind(
                100,
                "photo-%d.jpg",
                false,
                r -> randomBytes(r, logNormal(r, 180_000, 0.9, 8_000, 3_000_000))));
    files(random, base, "small-", 60, small, smallKinds, all, text);
    files(random, base, "medium-", 40, medium, mediumKinds, all, text);
    for (int i = 0; i < large; i++) {
      int size = (4 + random.nextInt(9)) * 1024 * 1024;
      byte[] data =
          switch (i % 4) {
            case 0 -> prose(random, size);
            case 1 -> randomBytes(random, size);
            case 2 -> library(random, size);
            default -> gzip(prose(random, size * 3));
          };
      String name = new String[] {"big.log", "video.mp4", "image.qcow2", "archive.tar.gz"}[i % 4];
      Written w = write(base.resolve("large"), i + "-" + name, data);
      all.add(w);
      if (i % 4 == 0) {
        text.add(w);
      }
    }
    // Exact copies in other folders: licences, vendored sources, the same photo twice.
    for (int i = 0; i < duplicates; i++) {
      Written original = all.get(random.nextInt(all.size() - large));
      write(base.resolve("copies-" + (i / 60)), "copy-" + i + "-" + original.name(), original.data);
    }
    // Edited copies: a line changed in small notes and sources, insertions in larger ones.
    int edited = Math.max(6, files / 650);
    for (int i = 0; i < edited; i++) {
      Written original =
          i < 2 ? text.get(text.size() - 1 - i) : text.get(random.nextInt(text.size()));
      byte[] changed =
          original.data.length < 8192
              ? editLine(random, original.data)
              : CorpusGenerator.edit(random, original.data);
      write(edits.resolve("edited-" + (i / 60)), "edited-" + i + "-" + original.name(), changed);
    }
    return new Summary(treeFiles(base), treeBytes(base), treeFiles(edits), treeBytes(edits));
  }

  private record Written(String name, byte[] data) {}

  /** A kind of file: drawn when a roll of 0-99 is under {@code upTo} (and not an earlier kind). */
  private record Kind(
      int upTo, String name, boolean text, java.util.function.Function<Random, byte[]> content) {}

  private static void files(
      Random random,
      Path base,
      String dirPrefix,
      int perDir,
      int count,
      List<Kind> kinds,
      List<Written> all,
      List<Written> text)
      throws IOException {
    for (int i = 0; i < count; i++) {
      int roll = random.nextInt(100);
      Kind kind = kinds.stream().filter(k -> roll < k.upTo()).findFirst().orElseThrow();
      Written w =
          write(
              base.resolve(dirPrefix + (i / perDir)),
              String.format(java.util.Locale.ROOT, kind.name(), i),
              kind.content().apply(random));
      all.add(w);
      if (kind.text()) {
        text.add(w);
      }
    }
  }

  static byte[] randomBytes(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  private static Written write(Path dir, String name, byte[] data) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), data);
    return new Written(name, data);
  }

  private static int treeFiles(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return (int) s.filter(Files::isRegularFile).count();
    }
  }

  private static long treeBytes(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  /** A log-normal size around {@code median}, clamped to [min, max]. */
  static int logNormal(Random random, int median, double sigma, int min, int max) {
    double v = median * Math.exp(sigma * random.nextGaussian());
    return (int) Math.max(min, Math.min(max, v));
  }

  /** Sentences of Zipf-ish words with numbers and dates now and then. */
  static byte[] prose(Random random, int size) {
    StringBuilder b = new StringBuilder(size + 64);
    while (b.length() < size) {
      int w = (int) (WORDS.length * Math.pow(random.nextDouble(), 2.2));
      b.append(WORDS[w]);
      int r = random.nextInt(14);
      b.append(r == 0 ? ".\n" : r == 1 ? ", " : " ");
      if (random.nextInt(40) == 0) {
        b.append(random.nextInt(1_000_000)).append(' ');
      }
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /** Indented code-like lines: keywords, identifiers, calls, numbers, comments. */
  static byte[] source(Random random, int size) {
    StringBuilder b = new StringBuilder(size + 128);
    int depth = 0;
    while (b.length() < size) {
      b.repeat("    ", depth);
      int r = random.nextInt(10);
      String a = IDENTIFIERS[random.nextInt(IDENTIFIERS.length)];
      String c = IDENTIFIERS[random.nextInt(IDENTIFIERS.length)];
      if (r < 2 && depth < 4) {
        b.append(KEYWORDS[random.nextInt(KEYWORDS.length)])
            .append(" (")
            .append(a)
            .append(" < ")
            .append(c)
            .append(") {\n");
        depth++;
      } else if (r < 4 && depth > 0) {
        b.append("}\n");
        depth--;
      } else if (r < 5) {
        b.append("// ").append(new String(prose(random, 20 + random.nextInt(50)))).append('\n');
      } else {
        b.append(a)
            .append('_')
            .append(random.nextInt(20))
            .append(" = ")
            .append(c)
            .append('(')
            .append(IDENTIFIERS[random.nextInt(IDENTIFIERS.length)])
            .append(", ")
            .append(random.nextInt(4096))
            .append(");\n");
      }
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] dotfile(Random random, int size) {
    StringBuilder b = new StringBuilder(size + 64);
    while (b.length() < size) {
      b.append(IDENTIFIERS[random.nextInt(IDENTIFIERS.length)])
          .append('.')
          .append(IDENTIFIERS[random.nextInt(IDENTIFIERS.length)])
          .append(" = ")
          .append(random.nextBoolean() ? String.valueOf(random.nextInt(10_000)) : "true")
          .append('\n');
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /** Man-page source (troff macros around prose), to be gzip'd like /usr/share/man. */
  static byte[] troff(Random random, int size) {
    StringBuilder b = new StringBuilder(size + 64);
    b.append(".TH TOOL 1\n.SH NAME\n");
    while (b.length() < size) {
      int r = random.nextInt(6);
      b.append(r == 0 ? ".SH " : r == 1 ? ".TP\n\\fB-" : r == 2 ? ".PP\n" : "");
      b.append(new String(prose(random, 40 + random.nextInt(200)))).append('\n');
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Shared-library-like bytes: machine-code-like blocks (opcodes from a small skewed alphabet with
   * random operands), string tables, zero padding and random data (compressed sections).
   */
  static byte[] library(Random random, int size) {
    byte[] out = new byte[size];
    int pos = 0;
    while (pos < size) {
      int block = Math.min(size - pos, 512 + random.nextInt(8192));
      int kind = random.nextInt(10);
      if (kind < 5) {
        for (int i = 0; i < block; i++) {
          out[pos + i] =
              (i & 3) == 0
                  ? (byte) (0x40 + (int) (32 * Math.pow(random.nextDouble(), 3)))
                  : (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : random.nextInt(16));
        }
      } else if (kind < 7) {
        byte[] s = source(random, block);
        System.arraycopy(s, 0, out, pos, block);
      } else if (kind < 8) {
        // zeros: already in place
      } else {
        byte[] r = new byte[block];
        random.nextBytes(r);
        System.arraycopy(r, 0, out, pos, block);
      }
      pos += block;
    }
    return out;
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One line of a small text file replaced by another of similar length. */
  static byte[] editLine(Random random, byte[] original) {
    int at = random.nextInt(original.length);
    int start = at;
    while (start > 0 && original[start - 1] != '\n') {
      start--;
    }
    int end = at;
    while (end < original.length && original[end] != '\n') {
      end++;
    }
    byte[] line = prose(random, Math.max(1, end - start + random.nextInt(21) - 10));
    byte[] out = new byte[original.length - (end - start) + line.length];
    System.arraycopy(original, 0, out, 0, start);
    System.arraycopy(line, 0, out, start, line.length);
    System.arraycopy(original, end, out, start + line.length, original.length - end);
    return out;
  }
}
