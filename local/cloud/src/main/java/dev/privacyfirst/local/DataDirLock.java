package dev.privacyfirst.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One owner per data directory: DynamoDB Local's SQLite files and s3proxy's folders must not be
 * opened by two processes. The owner (the local cloud, or {@code invoke} when no local cloud runs)
 * holds an OS file lock and, when it serves HTTP, writes its port next to it so {@code invoke} can
 * talk to it instead. An in-memory local cloud takes the lock of the directory it was named with
 * too (storing nothing else there), so {@code invoke} finds it the same way.
 */
final class DataDirLock implements AutoCloseable {
  static final String LOCK_FILE = ".local-cloud.lock";
  static final String PORT_FILE = ".local-cloud.port";

  private final Path dataDir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path dataDir, FileChannel channel, FileLock lock) {
    this.dataDir = dataDir;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when another process (or another owner in this JVM) holds it. */
  static Optional<DataDirLock> tryAcquire(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      FileChannel channel =
          FileChannel.open(
              dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(new DataDirLock(dataDir, channel, lock));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock the data directory " + dataDir, e);
    }
  }

  /** The port of the local cloud that owns {@code dataDir}, if one is running. */
  static Optional<Integer> runningPort(Path dataDir) {
    if (!Files.isDirectory(dataDir)) {
      return Optional.empty();
    }
    Optional<DataDirLock> free = tryAcquire(dataDir);
    if (free.isPresent()) {
      free.get().close();
      return Optional.empty();
    }
    try {
      Path portFile = dataDir.resolve(PORT_FILE);
      if (!Files.exists(portFile)) {
        return Optional.empty();
      }
      return Optional.of(
          Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  void writePort(int port) {
    try {
      Files.writeString(dataDir.resolve(PORT_FILE), Integer.toString(port), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the port file", e);
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(dataDir.resolve(PORT_FILE));
    } catch (IOException e) {
      // a stale port file is ignored: the lock decides
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the OS releases it with the process
    }
  }
}
