package dev.privacyfirst.common.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.Json;
import java.io.IOException;
import java.util.Base64;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * Keys from one JSON secret in Secrets Manager ({"name": "base64 key", ...}), read through
 * Powertools Parameters (cached for its default five seconds... then reused from our own cache:
 * keys never change for a running container).
 */
final class SecretsManagerSecrets implements Secrets {
  private final SecretsProvider provider;
  private final String secretId;
  private final java.util.Map<String, byte[]> cache =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SecretsManagerSecrets(SecretsProvider provider, String secretId) {
    this.provider = provider;
    this.secretId = secretId;
  }

  static SecretsManagerSecrets create(Config config, String secretId) {
    SecretsManagerClient client =
        AwsClients.configure(SecretsManagerClient.builder(), config, "SECRETS_MANAGER").build();
    return new SecretsManagerSecrets(
        SecretsProvider.builder().withClient(client).build(), secretId);
  }

  @Override
  public byte[] key(String name) {
    return cache.computeIfAbsent(name, this::load).clone();
  }

  private byte[] load(String name) {
    String json;
    try {
      json = provider.get(secretId);
    } catch (SdkException e) {
      throw new DependencyFailure("secrets unavailable", e);
    }
    try {
      JsonNode value = Json.MAPPER.readTree(json).get(name);
      if (value == null || !value.isTextual()) {
        throw new IllegalStateException("secret has no key named " + name);
      }
      byte[] key = Base64.getDecoder().decode(value.textValue());
      if (key.length < 32) {
        throw new IllegalStateException("key " + name + " is shorter than 32 bytes");
      }
      return key;
    } catch (IOException e) {
      throw new IllegalStateException("secret is not JSON", e);
    }
  }
}
