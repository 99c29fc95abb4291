package dev.privacyfirst.common.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.AEADBadTagException;

/**
 * The local cloud's stand-in for KMS with the same contract: data keys are wrapped with AES-256-GCM
 * under a master key file (created on first start, owner-only, never committed) and the encryption
 * context is the associated data, so a wrapped key unwraps only under the context it was made for.
 */
public final class LocalEnvelopeKeys implements EnvelopeKeys {
  private static final byte VERSION = 1;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] masterKey;

  private LocalEnvelopeKeys(byte[] masterKey) {
    this.masterKey = masterKey;
  }

  public static LocalEnvelopeKeys openOrCreate(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try {
          Files.createFile(file);
          try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException notPosix) {
            // the directory's ACL applies
          }
          Files.write(file, key);
        } catch (FileAlreadyExistsException raced) {
          // created concurrently; read it below
        }
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length != 32) {
        throw new IllegalStateException("local master key file is not 32 bytes");
      }
      return new LocalEnvelopeKeys(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the local master key", e);
    }
  }

  @Override
  public DataKey generate(Map<String, String> encryptionContext) {
    byte[] plaintext = new byte[32];
    RANDOM.nextBytes(plaintext);
    byte[] sealed = Aead.seal(masterKey, plaintext, Aead.canonical(encryptionContext));
    byte[] wrapped = new byte[sealed.length + 1];
    wrapped[0] = VERSION;
    System.arraycopy(sealed, 0, wrapped, 1, sealed.length);
    return new DataKey(plaintext, wrapped);
  }

  @Override
  public byte[] unwrap(byte[] wrapped, Map<String, String> encryptionContext) {
    if (wrapped.length < 2 || wrapped[0] != VERSION) {
      throw new KeyUnavailable("not a wrapped data key of this master key", null);
    }
    byte[] sealed = java.util.Arrays.copyOfRange(wrapped, 1, wrapped.length);
    try {
      return Aead.open(masterKey, sealed, Aead.canonical(encryptionContext));
    } catch (AEADBadTagException e) {
      throw new KeyUnavailable("data key does not unwrap under this context", e);
    }
  }
}
