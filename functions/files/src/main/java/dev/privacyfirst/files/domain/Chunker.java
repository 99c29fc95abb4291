package dev.privacyfirst.files.domain;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * FastCDC-style content-defined chunking over a stream (Xia et al., 2016): a gear rolling hash,
 * cut-point skipping below the minimum size, and normalised chunking (a stricter mask before the
 * average size, a looser one after) so chunk sizes cluster around the average. A boundary depends
 * only on the bytes just before it, so an insertion or deletion changes the chunks around the edit
 * and leaves the rest of the file's chunks identical. Holds at most two maximum-size chunks of the
 * stream in memory, whatever the stream's length.
 */
public final class Chunker {
  /** 256 fixed pseudo-random 64-bit values: boundaries must be the same on every machine. */
  private static final long[] GEAR = gearTable();

  private final ChunkerSettings settings;
  private final InputStream in;
  private final long maskSmall;
  private final long maskLarge;
  private final int bufferLimit;
  private byte[] buffer;
  private int start;
  private int end;
  private boolean eof;

  public Chunker(ChunkerSettings settings, InputStream in) {
    this.settings = settings;
    this.in = in;
    int bits = Integer.numberOfTrailingZeros(settings.avgBytes());
    // Normalisation level 2: two more bits before the average, two fewer after it. The masks use
    // the
    // high bits of the hash, which depend on the last 64 bytes.
    this.maskSmall = -1L << (64 - (bits + 2));
    this.maskLarge = -1L << (64 - Math.max(1, bits - 2));
    // Grown on demand up to two maximum chunks: a small file never pays for the large buffer.
    this.bufferLimit = settings.maxBytes() * 2;
    this.buffer = new byte[Math.min(INITIAL_BUFFER, bufferLimit)];
  }

  /** Most files people store are under 4 KiB (source, text, settings): one read fits them. */
  static final int INITIAL_BUFFER = 8 * 1024;

  /** The next chunk, or null at the end of the stream. A zero-byte stream has no chunks. */
  public byte[] next() throws IOException {
    fill();
    int available = end - start;
    if (available == 0) {
      return null;
    }
    int length = cut(buffer, start, available);
    byte[] chunk = Arrays.copyOfRange(buffer, start, start + length);
    start += length;
    return chunk;
  }

  /** How many bytes the chunker holds room for now (tests). */
  int capacity() {
    return buffer.length;
  }

  /** True when every byte of the stream has been returned in a chunk. */
  public boolean atEnd() {
    return eof && start == end;
  }

  /** Makes at least max bytes available (or all that remain). */
  private void fill() throws IOException {
    if (end - start >= settings.maxBytes() || eof) {
      return;
    }
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    while (!eof) {
      if (end == buffer.length) {
        if (buffer.length == bufferLimit) {
          return;
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(bufferLimit, 2L * buffer.length));
      }
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        eof = true;
      } else {
        end += read;
      }
    }
  }

  /** The length of the chunk starting at {@code offset}, given {@code available} bytes. */
  int cut(byte[] data, int offset, int available) {
    int min = settings.minBytes();
    if (available <= min) {
      return available;
    }
    int normal = Math.min(settings.avgBytes(), available);
    int limit = Math.min(settings.maxBytes(), available);
    long[] gear = GEAR;
    long fp = 0;
    int i = min;
    for (; i < normal; i++) {
      fp = (fp << 1) + gear[data[offset + i] & 0xff];
      if ((fp & maskSmall) == 0) {
        return i + 1;
      }
    }
    for (; i < limit; i++) {
      fp = (fp << 1) + gear[data[offset + i] & 0xff];
      if ((fp & maskLarge) == 0) {
        return i + 1;
      }
    }
    return limit;
  }

  private static long[] gearTable() {
    long[] table = new long[256];
    long state = 0x5DEECE66DL; // SplitMix64 from a fixed seed
    for (int i = 0; i < table.length; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      table[i] = z ^ (z >>> 31);
    }
    return table;
  }
}
