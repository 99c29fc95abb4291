package dev.privacyfirst.common.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The local cloud's keys: one random file per name in a directory, owner-readable only. */
public final class FileSecrets implements Secrets {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  public FileSecrets(Path dir) {
    this.dir = dir;
  }

  @Override
  public byte[] key(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("key names are lower-case words with dashes");
    }
    return cache.computeIfAbsent(name, this::loadOrCreate).clone();
  }

  private byte[] loadOrCreate(String name) {
    Path file = dir.resolve(name + ".key");
    try {
      Files.createDirectories(dir);
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        Path temp = Files.createTempFile(dir, name, ".tmp");
        try {
          restrict(temp);
          Files.write(temp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
          // Link, not move: if another process created the key first, keep theirs.
          Files.createLink(file, temp);
        } catch (FileAlreadyExistsException raced) {
          // another process won; read its key below
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length != 32) {
        throw new IllegalStateException("key file " + file.getFileName() + " is not 32 bytes");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create key " + name, e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the directory's ACL applies
    }
  }
}
