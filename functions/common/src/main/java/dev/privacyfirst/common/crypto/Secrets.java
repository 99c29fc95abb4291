package dev.privacyfirst.common.crypto;

import dev.privacyfirst.common.adapter.SecretsManagerSecrets;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.nio.file.Path;

/**
 * Named 256-bit application keys (session hashing, email link signing, chunk-id HMAC, keyed
 * lookups), kept out of code and out of plain environment variables: in the local cloud one random
 * key file per name, created on first use; on AWS a Secrets Manager secret read through Powertools
 * Parameters.
 */
public interface Secrets {
  /** The 32-byte key with this name; the same bytes on every call and every container. */
  byte[] key(String name);

  /**
   * {@code file:<dir>} or {@code secretsmanager:<secret-id>} from {@link EnvVars#SECRETS_SOURCE}.
   */
  static Secrets fromConfig(Config config) {
    String source = config.require(EnvVars.SECRETS_SOURCE);
    if (source.startsWith("file:")) {
      return new FileSecrets(Path.of(source.substring("file:".length())));
    }
    if (source.startsWith("secretsmanager:")) {
      return SecretsManagerSecrets.create(config, source.substring("secretsmanager:".length()));
    }
    throw new IllegalStateException(
        EnvVars.SECRETS_SOURCE + " must start with file: or secretsmanager:");
  }
}
