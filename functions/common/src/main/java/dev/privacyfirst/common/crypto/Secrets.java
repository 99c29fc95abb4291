package dev.privacyfirst.common.crypto;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.SecretsManagerSecrets;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.nio.file.Path;

/**
 * Named 256-bit application keys (email link signing, chunk-id HMAC, keyed lookups), one secret per
 * purpose ({@link dev.privacyfirst.common.topology.AppSecrets}), kept out of code and out of plain
 * environment variables: in the local cloud one random key file per name and version, created on
 * first use; on AWS one Secrets Manager secret per name, read through Powertools Parameters, which
 * only the functions the topology names may read. Every key has versions: a current one that makes
 * new material and older ones that still check or find what was made under them.
 */
public interface Secrets {
  /** Every readable version of the key with this name. */
  KeyRing ring(String name);

  /** The current version of the key with this name; the same bytes on every container. */
  default byte[] key(String name) {
    return ring(name).current();
  }

  /** A keyed hash under this key's versions, read on first use. */
  default VersionedHash hash(String name) {
    return new VersionedHash(() -> ring(name));
  }

  /**
   * {@code file:<dir>} or {@code secretsmanager:<secret-name-prefix>} from {@link
   * EnvVars#SECRETS_SOURCE}; on AWS the secret of key {@code n} is named prefix + n.
   */
  static Secrets fromConfig(Config config, AwsClients aws) {
    String source = config.require(EnvVars.SECRETS_SOURCE);
    if (source.startsWith("file:")) {
      return new FileSecrets(Path.of(source.substring("file:".length())));
    }
    if (source.startsWith("secretsmanager:")) {
      return SecretsManagerSecrets.create(aws, source.substring("secretsmanager:".length()));
    }
    throw new IllegalStateException(
        EnvVars.SECRETS_SOURCE + " must start with file: or secretsmanager:");
  }

  /**
   * For tests and tools that read keys outside a function's wiring (from {@code file:} folders); a
   * function passes its container's clients to {@link #fromConfig(Config, AwsClients)}.
   */
  static Secrets fromConfig(Config config) {
    return fromConfig(config, new AwsClients(config));
  }
}
