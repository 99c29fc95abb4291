package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.Aead;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.json.Json;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Priming for SnapStart: each function registers what it will use as a CRaC {@link Resource}, and
 * Lambda runs it before it takes the snapshot of the initialised function, so a restored function
 * finds the classes loaded, the code compiled and the caches filled. Priming never calls AWS: SDK
 * clients run {@link DryRun dry-run requests} that stop before they are sent; nothing it does holds
 * personal data.
 */
public final class Priming {
  private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

  // Strong references: a CRaC context may hold its resources weakly. One per name, so re-wiring
  // (tests, the local cloud) replaces rather than accumulates.
  private static final Map<String, Primer> REGISTERED = new ConcurrentHashMap<>();

  private Priming() {}

  /** A named priming step; as a CRaC resource it runs before the checkpoint. */
  public record Primer(String name, Runnable step) implements Resource {
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
      try {
        step.run();
      } catch (RuntimeException e) {
        // A snapshot without priming is slower, not wrong: never fail the version's publication.
        LOG.warn("priming {} failed: {}", name, e.getClass().getName());
      }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      // Nothing to refresh: priming keeps no secrets, connections or random state.
    }
  }

  /** Registers {@code step} under {@code name} with CRaC's global context and returns it. */
  public static Primer register(String name, Runnable step) {
    Primer primer = new Primer(name, step);
    REGISTERED.put(name, primer);
    Core.getGlobalContext().register(primer);
    return primer;
  }

  /** The primers registered in this JVM, by name order. */
  public static List<Primer> registered() {
    return REGISTERED.values().stream()
        .sorted(java.util.Comparator.comparing(Primer::name))
        .toList();
  }

  /**
   * What every function shares: the JSON mapper both ways, AES-GCM and HMAC-SHA256, and a dry-run
   * request of each AWS client common builds: DynamoDB always, KMS when envelope keys come from
   * KMS, Secrets Manager when secrets do.
   */
  public static void primeCommon(AwsClients aws) {
    Config config = aws.config();
    try {
      Json.MAPPER.readTree(Json.write(Map.of("priming", List.of(1, "two", Map.of("3", true)))));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("JSON round trip failed", e);
    }
    byte[] key = new byte[32];
    byte[] sealed = Aead.seal(key, new byte[64], new byte[] {1});
    try {
      Aead.open(key, sealed, new byte[] {1});
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM round trip failed", e);
    }
    new KeyedHash(key).hex("priming");
    // The container's own clients: priming warms the ones the function goes on to use.
    DynamoDbClient dynamo = aws.dynamoDb();
    DryRun.of(
        o ->
            dynamo.getItem(
                r ->
                    r.tableName("priming")
                        .key(Map.of("pk", AttributeValue.fromS("priming")))
                        .overrideConfiguration(o)));
    if (config.get(EnvVars.MASTER_KEY, "").startsWith("kms:")) {
      KmsClient kms = KmsEnvelopeKeys.client(aws);
      DryRun.of(
          o ->
              kms.decrypt(
                  r ->
                      r.ciphertextBlob(SdkBytes.fromByteArray(new byte[32]))
                          .encryptionContext(Map.of("purpose", "priming"))
                          .overrideConfiguration(o)));
    }
    if (config.get(EnvVars.SECRETS_SOURCE, "").startsWith("secretsmanager:")) {
      SecretsManagerClient secrets = SecretsManagerSecrets.client(aws);
      DryRun.of(o -> secrets.getSecretValue(r -> r.secretId("priming").overrideConfiguration(o)));
    }
  }
}
