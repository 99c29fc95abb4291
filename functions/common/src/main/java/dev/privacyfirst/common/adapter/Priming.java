package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.Aead;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.metrics.MetricsPublisher;
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
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Priming for SnapStart: each function registers what it will use as a CRaC {@link Resource}, and
 * Lambda runs it before it takes the snapshot of the initialised function, so a restored function
 * finds the classes loaded, the code compiled and the caches filled. Priming never calls AWS: SDK
 * clients run {@link DryRun dry-run requests}, whole requests and responses that the container's
 * HTTP client answers itself instead of sending; nothing it does holds personal data.
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
   * What every function shares: the JSON mapper both ways, AES-GCM and HMAC-SHA256, the metrics
   * serialisation, and dry-run requests of each AWS client common builds: DynamoDB always (every
   * kind of request the functions make: each has its own marshalling and unmarshalling code, loaded
   * and run on its first use), KMS when envelope keys come from KMS, Secrets Manager when secrets
   * do.
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
    MetricsPublisher.prime();
    // The container's own clients: priming warms the ones the function goes on to use.
    primeDynamoDb(aws.dynamoDb());
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

  /**
   * How many times the DynamoDB requests are run: enough for the JIT to compile the SDK's request
   * and response path (its first compilation tier starts at a few hundred calls of a method), so a
   * restored function runs them compiled. SnapStart pays this once, when it publishes a version.
   */
  static final int DYNAMODB_ROUNDS = 100;

  /** An item with every kind of attribute the functions store, in DynamoDB's JSON. */
  private static final String ITEM =
      """
      {"pk":{"S":"priming"},"sk":{"S":"priming"},"n":{"N":"1"},"b":{"BOOL":true},      "bin":{"B":"AA=="},"l":{"L":[{"S":"x"},{"N":"2"}]},"m":{"M":{"k":{"S":"v"}}},      "ss":{"SS":["a","b"]},"nul":{"NULL":true}}""";

  /**
   * Each kind of DynamoDB request the functions make, in the shapes they use, {@link
   * #DYNAMODB_ROUNDS} times, each answered with items to unmarshal.
   */
  private static void primeDynamoDb(DynamoDbClient dynamo) {
    String table = "priming";
    Map<String, AttributeValue> key =
        Map.of("pk", AttributeValue.fromS("priming"), "sk", AttributeValue.fromS("priming"));
    Map<String, String> names = Map.of("#a", "a");
    Map<String, AttributeValue> values =
        Map.of(":v", AttributeValue.fromN("1"), ":s", AttributeValue.fromS("priming"));
    for (int round = 0; round < DYNAMODB_ROUNDS; round++) {
      DryRun.of(
          "{\"Item\":" + ITEM + "}",
          o -> dynamo.getItem(r -> r.tableName(table).key(key).overrideConfiguration(o)));
      DryRun.of(
          "{\"Items\":["
              + ITEM
              + ","
              + ITEM
              + "],\"Count\":2,\"ScannedCount\":2,"
              + "\"LastEvaluatedKey\":{\"pk\":{\"S\":\"priming\"}}}",
          o ->
              dynamo.query(
                  r ->
                      r.tableName(table)
                          .indexName("gsi1")
                          .keyConditionExpression("#a = :s")
                          .filterExpression("attribute_exists(#a)")
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(Map.of(":s", values.get(":s")))
                          .exclusiveStartKey(key)
                          .limit(2)
                          .overrideConfiguration(o)));
      DryRun.of(
          o ->
              dynamo.putItem(
                  r ->
                      r.tableName(table)
                          .item(key)
                          .conditionExpression("attribute_not_exists(pk)")
                          .overrideConfiguration(o)));
      DryRun.of(
          "{\"Attributes\":" + ITEM + "}",
          o ->
              dynamo.updateItem(
                  r ->
                      r.tableName(table)
                          .key(key)
                          .updateExpression("SET #a = :s ADD n :v")
                          .conditionExpression("attribute_exists(pk)")
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values)
                          .returnValues("ALL_NEW")
                          .overrideConfiguration(o)));
      DryRun.of(
          "{\"Attributes\":" + ITEM + "}",
          o ->
              dynamo.deleteItem(
                  r ->
                      r.tableName(table)
                          .key(key)
                          .returnValues("ALL_OLD")
                          .overrideConfiguration(o)));
      DryRun.of(
          "{\"Responses\":{\"priming\":[" + ITEM + "]},\"UnprocessedKeys\":{}}",
          o ->
              dynamo.batchGetItem(
                  r ->
                      r.requestItems(Map.of(table, KeysAndAttributes.builder().keys(key).build()))
                          .overrideConfiguration(o)));
      DryRun.of(
          "{\"UnprocessedItems\":{}}",
          o ->
              dynamo.batchWriteItem(
                  r ->
                      r.requestItems(
                              Map.of(
                                  table,
                                  List.of(
                                      WriteRequest.builder().putRequest(p -> p.item(key)).build(),
                                      WriteRequest.builder()
                                          .deleteRequest(d -> d.key(key))
                                          .build())))
                          .overrideConfiguration(o)));
      DryRun.of(
          o ->
              dynamo.transactWriteItems(
                  r ->
                      r.transactItems(
                              t -> t.put(p -> p.tableName(table).item(key)),
                              t ->
                                  t.update(
                                      u ->
                                          u.tableName(table)
                                              .key(key)
                                              .updateExpression("SET #a = :s")
                                              .expressionAttributeNames(names)
                                              .expressionAttributeValues(
                                                  Map.of(":s", values.get(":s")))),
                              t -> t.delete(d -> d.tableName(table).key(key)),
                              t ->
                                  t.conditionCheck(
                                      c ->
                                          c.tableName(table)
                                              .key(key)
                                              .conditionExpression("attribute_exists(pk)")))
                          .overrideConfiguration(o)));
    }
  }
}
