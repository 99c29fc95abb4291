package dev.privacyfirst.common.crypto;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.KmsEnvelopeKeys;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.nio.file.Path;
import java.util.Map;

/**
 * Envelope encryption's key half: a fresh 256-bit data key, returned in the clear (for use in
 * memory only) and wrapped under a master key, bound to an encryption context that must be given
 * again to unwrap. KMS backs it on AWS and LocalStack; the local cloud uses a master key file with
 * the same contract.
 */
public interface EnvelopeKeys {

  /**
   * A data key: {@code plaintext} never leaves memory; {@code wrapped} is stored beside the data.
   */
  record DataKey(byte[] plaintext, byte[] wrapped) {}

  DataKey generate(Map<String, String> encryptionContext);

  /**
   * Unwraps a stored data key. Fails with {@link KeyUnavailable} when the wrapped key was made
   * under another context, altered, or its master key is gone.
   */
  byte[] unwrap(byte[] wrapped, Map<String, String> encryptionContext);

  /** {@code kms:<key-id-or-arn>} or {@code local:<path-to-master-key-file>}. */
  static EnvelopeKeys fromConfig(Config config, AwsClients aws) {
    String spec = config.require(EnvVars.MASTER_KEY);
    if (spec.startsWith("kms:")) {
      return KmsEnvelopeKeys.create(aws, spec.substring("kms:".length()));
    }
    if (spec.startsWith("local:")) {
      return LocalEnvelopeKeys.openOrCreate(Path.of(spec.substring("local:".length())));
    }
    throw new IllegalStateException(EnvVars.MASTER_KEY + " must start with kms: or local:");
  }

  /**
   * For tests and tools outside a function's wiring (local master key files); a function passes its
   * container's clients to {@link #fromConfig(Config, AwsClients)}.
   */
  static EnvelopeKeys fromConfig(Config config) {
    return fromConfig(config, new AwsClients(config));
  }

  /** A data key cannot be unwrapped: wrong context, tampered, or destroyed. */
  final class KeyUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
