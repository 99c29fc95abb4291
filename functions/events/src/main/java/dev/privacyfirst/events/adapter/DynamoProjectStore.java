package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.bool;
import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;

import dev.privacyfirst.common.adapter.DynamoConditions;
import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Projects in the Events table. The project item is copied into its token and secret-hash lookup
 * items so that authenticating a request is one GetItem; the one setting that changes (allowed
 * origins) is changed in all three in one transaction. The daily salts of cookieless visitor ids
 * are in their own table ({@link DynamoSaltStore}).
 */
public final class DynamoProjectStore implements ProjectStore {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoProjectStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** The project item's record of the key version its secret lookup was made under. */
  static final String SECRET_KEY_VERSION = "secretKeyVersion";

  /**
   * The project item's record of its secret's lookup under an older key version, kept after the
   * secret was re-keyed until the re-key pass removes it.
   */
  static final String PREVIOUS_SECRET_HASH = "previousSecretHash";

  /** The keys of the secret lookups the project item names. */
  private static List<Map<String, AttributeValue>> secretLookups(Map<String, AttributeValue> meta) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String name : List.of("secretHash", PREVIOUS_SECRET_HASH)) {
      if (meta.containsKey(name)) {
        keys.add(Map.of("pk", s("SECRET#" + meta.get(name).s()), "sk", s("LOOKUP")));
      }
    }
    return keys;
  }

  @Override
  public void create(Project project, String secretHash) {
    create(project, secretHash, 1);
  }

  @Override
  public void create(Project project, String secretHash, int keyVersion) {
    Map<String, AttributeValue> base = attributes(project);
    Map<String, AttributeValue> meta = new HashMap<>(base);
    meta.put("pk", s("PROJECT#" + project.id()));
    meta.put("sk", s("META"));
    meta.put("gsi1pk", s("PROJECTS"));
    meta.put("gsi1sk", s(project.createdAt() + "#" + project.id()));
    // Where the secret lookup is, so that project erasure can remove it by key.
    meta.put("secretHash", s(secretHash));
    meta.put(SECRET_KEY_VERSION, n(keyVersion));
    Map<String, AttributeValue> token = new HashMap<>(base);
    token.put("pk", s("TOKEN#" + project.token()));
    token.put("sk", s("LOOKUP"));
    Map<String, AttributeValue> secret = new HashMap<>(base);
    secret.put("pk", s("SECRET#" + secretHash));
    secret.put("sk", s("LOOKUP"));
    try {
      dynamo.transactWriteItems(
          b ->
              b.transactItems(
                  List.of(meta, token, secret).stream()
                      .map(
                          item ->
                              TransactWriteItem.builder()
                                  .put(
                                      Put.builder()
                                          .tableName(table)
                                          .item(item)
                                          .conditionExpression("attribute_not_exists(pk)")
                                          .build())
                                  .build())
                      .toList()));
    } catch (SdkException e) {
      throw new DependencyFailure("could not create the project", e);
    }
  }

  private static Map<String, AttributeValue> attributes(Project project) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("projectId", s(project.id()));
    item.put("name", s(project.name()));
    item.put("token", s(project.token()));
    item.put("retentionDays", n(project.retentionDays()));
    item.put("dntMode", s(project.dntMode().name()));
    item.put("cookieless", bool(project.cookieless()));
    item.put(
        "allowedOrigins",
        AttributeValue.fromL(project.allowedOrigins().stream().map(Attr::s).toList()));
    item.put("createdAt", s(project.createdAt().toString()));
    item.put("firstParty", bool(project.firstParty()));
    return item;
  }

  private static Project project(Map<String, AttributeValue> item) {
    return new Project(
        item.get("projectId").s(),
        item.get("name").s(),
        item.get("token").s(),
        Integer.parseInt(item.get("retentionDays").n()),
        DntMode.valueOf(item.get("dntMode").s()),
        item.get("cookieless").bool(),
        item.get("allowedOrigins").l().stream().map(AttributeValue::s).toList(),
        Instant.parse(item.get("createdAt").s()),
        item.containsKey("firstParty") && Boolean.TRUE.equals(item.get("firstParty").bool()));
  }

  private Optional<Project> get(String pk, String sk) {
    try {
      var response = dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s(pk), "sk", s(sk))));
      // A project being erased is gone for every reader.
      return response.hasItem()
              && !response.item().isEmpty()
              && !response.item().containsKey("erasing")
          ? Optional.of(project(response.item()))
          : Optional.empty();
    } catch (SdkException e) {
      throw new DependencyFailure("could not read the project", e);
    }
  }

  @Override
  public Optional<Project> byId(String projectId) {
    return get("PROJECT#" + projectId, "META");
  }

  @Override
  public Optional<Project> byToken(String token) {
    return get("TOKEN#" + token, "LOOKUP");
  }

  @Override
  public Optional<Project> bySecretHash(String secretHash) {
    // A lookup counts only while its project exists (projects created before the project item
    // named its secret lookup cannot have that lookup removed by key when they are erased) and
    // only if the project item names it (a replaced secret stops at once): as its lookup, or as
    // the older key version's lookup of the same secret, kept while containers that have not
    // seen a rotation may still look it up.
    return get("SECRET#" + secretHash, "LOOKUP")
        .filter(
            p -> {
              Map<String, AttributeValue> meta = meta(p.id(), false);
              return meta != null
                  && (!meta.containsKey("secretHash")
                      || names(meta, "secretHash", secretHash)
                      || names(meta, PREVIOUS_SECRET_HASH, secretHash));
            });
  }

  /** Whether the project item's attribute is this lookup hash (compared in constant time). */
  private static boolean names(Map<String, AttributeValue> meta, String attribute, String hash) {
    AttributeValue named = meta.get(attribute);
    return named != null
        && MessageDigest.isEqual(
            named.s().getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8));
  }

  /** The project item unless absent or being erased. */
  private Map<String, AttributeValue> meta(String projectId, boolean consistent) {
    try {
      var response =
          dynamo.getItem(
              b ->
                  b.tableName(table)
                      .key(Map.of("pk", s("PROJECT#" + projectId), "sk", s("META")))
                      .consistentRead(consistent));
      return response.hasItem()
              && !response.item().isEmpty()
              && !response.item().containsKey("erasing")
          ? response.item()
          : null;
    } catch (SdkException e) {
      throw new DependencyFailure("could not read the project", e);
    }
  }

  @Override
  public Optional<Project> replaceSecret(String projectId, String secretHash, int keyVersion) {
    Map<String, AttributeValue> meta = meta(projectId, true);
    if (meta == null) {
      return Optional.empty();
    }
    Map<String, AttributeValue> lookup = new HashMap<>(attributes(project(meta)));
    lookup.put("pk", s("SECRET#" + secretHash));
    lookup.put("sk", s("LOOKUP"));
    AttributeValue old = meta.get("secretHash");
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .update(
                u -> {
                  Map<String, AttributeValue> values = new HashMap<>();
                  values.put(":new", s(secretHash));
                  values.put(":v", n(keyVersion));
                  String unchanged = "attribute_not_exists(secretHash)";
                  if (old != null) {
                    unchanged = "secretHash = :old";
                    values.put(":old", old);
                  }
                  u.tableName(table)
                      .key(Map.of("pk", s("PROJECT#" + projectId), "sk", s("META")))
                      .conditionExpression(
                          "attribute_exists(pk) AND attribute_not_exists(erasing) AND " + unchanged)
                      .updateExpression("SET secretHash = :new, #v = :v REMOVE #p")
                      .expressionAttributeNames(
                          Map.of("#v", SECRET_KEY_VERSION, "#p", PREVIOUS_SECRET_HASH))
                      .expressionAttributeValues(values);
                })
            .build());
    writes.add(
        TransactWriteItem.builder()
            .put(
                Put.builder()
                    .tableName(table)
                    .item(lookup)
                    .conditionExpression("attribute_not_exists(pk)")
                    .build())
            .build());
    for (Map<String, AttributeValue> key : secretLookups(meta)) {
      writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)).build());
    }
    try {
      dynamo.transactWriteItems(b -> b.transactItems(writes));
      return Optional.of(project(meta));
    } catch (TransactionCanceledException e) {
      if (DynamoConditions.failed(e)) {
        // Erased, or its secret replaced or re-keyed meanwhile: the operator asks again.
        return Optional.empty();
      }
      throw new DependencyFailure("could not replace the project secret", e);
    } catch (SdkException e) {
      throw new DependencyFailure("could not replace the project secret", e);
    }
  }

  @Override
  public Optional<Project> updateAllowedOrigins(String projectId, List<String> allowedOrigins) {
    Map<String, AttributeValue> key = Map.of("pk", s("PROJECT#" + projectId), "sk", s("META"));
    try {
      var meta = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
      if (!meta.hasItem() || meta.item().isEmpty() || meta.item().containsKey("erasing")) {
        return Optional.empty();
      }
      Map<String, AttributeValue> item = meta.item();
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      keys.add(key);
      keys.add(Map.of("pk", s("TOKEN#" + item.get("token").s()), "sk", s("LOOKUP")));
      keys.addAll(secretLookups(item));
      AttributeValue origins = AttributeValue.fromL(allowedOrigins.stream().map(Attr::s).toList());
      dynamo.transactWriteItems(
          b ->
              b.transactItems(
                  keys.stream()
                      .map(
                          k ->
                              TransactWriteItem.builder()
                                  .update(
                                      Update.builder()
                                          .tableName(table)
                                          .key(k)
                                          // Never recreates a lookup that erasure removed.
                                          .conditionExpression(
                                              "attribute_exists(pk) AND attribute_not_exists(erasing)")
                                          .updateExpression("SET allowedOrigins = :o")
                                          .expressionAttributeValues(Map.of(":o", origins))
                                          .build())
                                  .build())
                      .toList()));
      Project before = project(item);
      return Optional.of(
          new Project(
              before.id(),
              before.name(),
              before.token(),
              before.retentionDays(),
              before.dntMode(),
              before.cookieless(),
              allowedOrigins,
              before.createdAt()));
    } catch (TransactionCanceledException e) {
      // The condition failed: the project was erased meanwhile.
      if (DynamoConditions.failed(e)) {
        return Optional.empty();
      }
      throw new DependencyFailure("could not update the project", e);
    } catch (SdkException e) {
      throw new DependencyFailure("could not update the project", e);
    }
  }

  @Override
  public boolean rekeySecret(String projectId, String oldHash, String newHash, int keyVersion) {
    Map<String, AttributeValue> metaKey = Map.of("pk", s("PROJECT#" + projectId), "sk", s("META"));
    Map<String, AttributeValue> oldKey = Map.of("pk", s("SECRET#" + oldHash), "sk", s("LOOKUP"));
    try {
      var lookup = dynamo.getItem(b -> b.tableName(table).key(oldKey).consistentRead(true));
      if (!lookup.hasItem() || lookup.item().isEmpty()) {
        return false;
      }
      Map<String, AttributeValue> moved = new HashMap<>(lookup.item());
      moved.put("pk", s("SECRET#" + newHash));
      // The project item and the new lookup at once, the old lookup unchanged (an origins update
      // or an erasure in between cancels it): the project item names both lookups (erasure
      // removes both by name); the old one stays for containers that have not seen the rotation
      // until the re-key pass removes it (retirePreviousSecret).
      dynamo.transactWriteItems(
          b ->
              b.transactItems(
                  TransactWriteItem.builder()
                      .update(
                          Update.builder()
                              .tableName(table)
                              .key(metaKey)
                              .conditionExpression(
                                  "secretHash = :old AND attribute_not_exists(erasing)")
                              .updateExpression("SET secretHash = :new, #v = :v, #p = :old")
                              .expressionAttributeNames(
                                  Map.of("#v", SECRET_KEY_VERSION, "#p", PREVIOUS_SECRET_HASH))
                              .expressionAttributeValues(
                                  Map.of(
                                      ":old", s(oldHash), ":new", s(newHash), ":v", n(keyVersion)))
                              .build())
                      .build(),
                  TransactWriteItem.builder()
                      .put(
                          Put.builder()
                              .tableName(table)
                              .item(moved)
                              .conditionExpression("attribute_not_exists(pk)")
                              .build())
                      .build(),
                  TransactWriteItem.builder()
                      .conditionCheck(
                          c ->
                              c.tableName(table)
                                  .key(oldKey)
                                  .conditionExpression("allowedOrigins = :o")
                                  .expressionAttributeValues(
                                      Map.of(":o", lookup.item().get("allowedOrigins"))))
                      .build()));
      return true;
    } catch (TransactionCanceledException e) {
      if (DynamoConditions.failed(e)) {
        return false;
      }
      throw new DependencyFailure("could not re-key the project secret", e);
    } catch (SdkException e) {
      throw new DependencyFailure("could not re-key the project secret", e);
    }
  }

  /**
   * Removes the project's secret lookup under an older key version that a re-key left for
   * containers that had not seen the rotation (the re-key pass, run once they all have); true when
   * one was removed.
   */
  boolean retirePreviousSecret(String projectId) {
    Map<String, AttributeValue> meta = meta(projectId, true);
    if (meta == null || !meta.containsKey(PREVIOUS_SECRET_HASH)) {
      return false;
    }
    AttributeValue previous = meta.get(PREVIOUS_SECRET_HASH);
    try {
      dynamo.transactWriteItems(
          b ->
              b.transactItems(
                  TransactWriteItem.builder()
                      .update(
                          u ->
                              u.tableName(table)
                                  .key(Map.of("pk", s("PROJECT#" + projectId), "sk", s("META")))
                                  .conditionExpression("#p = :p")
                                  .updateExpression("REMOVE #p")
                                  .expressionAttributeNames(Map.of("#p", PREVIOUS_SECRET_HASH))
                                  .expressionAttributeValues(Map.of(":p", previous)))
                      .build(),
                  TransactWriteItem.builder()
                      .delete(
                          d ->
                              d.tableName(table)
                                  .key(
                                      Map.of("pk", s("SECRET#" + previous.s()), "sk", s("LOOKUP"))))
                      .build()));
      return true;
    } catch (TransactionCanceledException e) {
      if (DynamoConditions.failed(e)) {
        return false;
      }
      throw new DependencyFailure("could not remove the older secret lookup", e);
    } catch (SdkException e) {
      throw new DependencyFailure("could not remove the older secret lookup", e);
    }
  }

  @Override
  public void deleteLookups(String projectId) {
    Map<String, AttributeValue> key = Map.of("pk", s("PROJECT#" + projectId), "sk", s("META"));
    try {
      var meta = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
      if (!meta.hasItem() || meta.item().isEmpty() || meta.item().containsKey("erasing")) {
        return;
      }
      Map<String, AttributeValue> item = meta.item();
      dynamo.deleteItem(
          b ->
              b.tableName(table)
                  .key(Map.of("pk", s("TOKEN#" + item.get("token").s()), "sk", s("LOOKUP"))));
      for (Map<String, AttributeValue> lookup : secretLookups(item)) {
        dynamo.deleteItem(b -> b.tableName(table).key(lookup));
      }
      // Leaves the projects index too: an erased project is no longer listed.
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(key)
                  .conditionExpression("attribute_exists(pk)")
                  .updateExpression("SET erasing = :t REMOVE gsi1pk, gsi1sk")
                  .expressionAttributeValues(Map.of(":t", bool(true))));
    } catch (ConditionalCheckFailedException gone) {
      // Erased meanwhile.
    } catch (SdkException e) {
      throw new DependencyFailure("could not remove the project's lookups", e);
    }
  }

  @Override
  public void delete(String projectId) {
    try {
      dynamo.deleteItem(
          b -> b.tableName(table).key(Map.of("pk", s("PROJECT#" + projectId), "sk", s("META"))));
    } catch (SdkException e) {
      throw new DependencyFailure("could not delete the project", e);
    }
  }

  @Override
  public List<Project> list() {
    return DynamoPaging.queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .indexName("gsi1")
                .keyConditionExpression("gsi1pk = :p")
                .expressionAttributeValues(Map.of(":p", s("PROJECTS")))
                .build(),
            "could not list projects")
        .stream()
        .map(DynamoProjectStore::project)
        .toList();
  }
}
