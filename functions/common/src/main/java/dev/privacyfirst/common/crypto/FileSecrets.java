package dev.privacyfirst.common.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local cloud's keys: one random file per name and version in a directory, owner-readable only.
 * Version 1 is {@code <name>.key} (the file older data directories already hold), version n is
 * {@code <name>.v<n>.key}; the highest version present is current. {@link #rotate} adds one;
 * deleting a version's file retires it.
 */
public final class FileSecrets implements Secrets {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final Map<String, KeyRing> cache = new ConcurrentHashMap<>();

  public FileSecrets(Path dir) {
    this.dir = dir;
  }

  @Override
  public KeyRing ring(String name) {
    checkName(name);
    return cache.computeIfAbsent(name, this::load);
  }

  /**
   * Makes a new current version of the key (older versions stay readable) and returns its number.
   * Containers that already read the key keep their versions until they start again, as on AWS.
   */
  public int rotate(String name) {
    checkName(name);
    KeyRing ring = load(name);
    int next = ring.currentVersion() + 1;
    create(file(name, next));
    KeyRing rotated = load(name);
    cache.put(name, rotated);
    return rotated.currentVersion();
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("key names are lower-case words with dashes");
    }
  }

  private Path file(String name, int version) {
    return dir.resolve(version == 1 ? name + ".key" : name + ".v" + version + ".key");
  }

  private KeyRing load(String name) {
    Pattern versioned = Pattern.compile(Pattern.quote(name) + "\\.v([1-9][0-9]{0,5})\\.key");
    try {
      Files.createDirectories(dir);
      TreeMap<Integer, byte[]> versions = new TreeMap<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + ".*key")) {
        for (Path f : files) {
          String fileName = String.valueOf(f.getFileName());
          Matcher m = versioned.matcher(fileName);
          if (fileName.equals(name + ".key")) {
            versions.put(1, read(f));
          } else if (m.matches() && Integer.parseInt(m.group(1)) > 1) {
            versions.put(Integer.parseInt(m.group(1)), read(f));
          }
        }
      }
      if (versions.isEmpty()) {
        create(file(name, 1));
        versions.put(1, read(file(name, 1)));
      }
      return new KeyRing(name, versions.lastKey(), versions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create key " + name, e);
    }
  }

  private static byte[] read(Path file) throws IOException {
    byte[] key = Files.readAllBytes(file);
    if (key.length != 32) {
      throw new IllegalStateException("key file " + file.getFileName() + " is not 32 bytes");
    }
    return key;
  }

  /** Creates a random key file unless another process created it first (then theirs is kept). */
  private void create(Path file) {
    try {
      Files.createDirectories(dir);
      if (Files.exists(file)) {
        return;
      }
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      Path temp = Files.createTempFile(dir, "new-key", ".tmp");
      try {
        restrict(temp);
        Files.write(temp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
        // Link, not move: if another process created the key first, keep theirs.
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException raced) {
        // another process won; its key is read
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create key file " + file.getFileName(), e);
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
