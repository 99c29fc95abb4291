package dev.privacyfirst.common.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * Keys derived from one JSON secret in Secrets Manager, read through Powertools Parameters and then
 * kept for the container's life: keys never change under a running container.
 */
public final class SecretsManagerSecrets implements Secrets {
  private final SecretsProvider provider;
  private final String secretId;
  private final java.util.Map<String, byte[]> cache =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SecretsManagerSecrets(SecretsProvider provider, String secretId) {
    this.provider = provider;
    this.secretId = secretId;
  }

  public static SecretsManagerSecrets create(Config config, String secretId) {
    SecretsManagerClient client =
        AwsClients.configure(SecretsManagerClient.builder(), config, "SECRETS_MANAGER").build();
    return new SecretsManagerSecrets(
        SecretsProvider.builder().withClient(client).build(), secretId);
  }

  @Override
  public byte[] key(String name) {
    return cache.computeIfAbsent(name, this::load).clone();
  }

  /**
   * Secrets Manager generates one random value per secret ({@code {"root": "..."}}, made by the CDK
   * stack), so each named key is derived from it: HMAC-SHA-256(root, "privacyfirst/" + name), an
   * HKDF-expand step with a distinct label per use.
   */
  private byte[] load(String name) {
    String json;
    try {
      json = provider.get(secretId);
    } catch (SdkException e) {
      throw new DependencyFailure("secrets unavailable", e);
    }
    try {
      JsonNode root = Json.MAPPER.readTree(json).get("root");
      if (root == null || !root.isTextual() || root.textValue().length() < 32) {
        throw new IllegalStateException("the app-keys secret has no usable root value");
      }
      return new KeyedHash(root.textValue().getBytes(StandardCharsets.UTF_8))
          .mac(("privacyfirst/" + name).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("secret is not JSON", e);
    }
  }
}
