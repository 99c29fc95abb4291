package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.ProfileField;
import dev.privacyfirst.accounts.domain.ProfileStore;
import dev.privacyfirst.accounts.domain.StoredProfile;
import dev.privacyfirst.accounts.domain.Visibility;
import dev.privacyfirst.common.adapter.DynamoConditions;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Profiles in the accounts table: {@code pk=ACCOUNT#<id> sk=PROFILE} ({@code values}: field →
 * sealed value, {@code visibility}: field → "public" for public fields only, {@code handle}:
 * sealed) and the handle lookup {@code pk=HANDLE#<handle> sk=HANDLE} → account id, indexed in GSI1
 * under {@code ACCOUNT#<id>} so that the retention purge finds and deletes it with the account's
 * other items. The profile and the handle items change in one transaction; reserving a handle is
 * conditional on nobody holding it.
 */
public final class DynamoProfileStore implements ProfileStore {
  static final String PROFILE_SK = "PROFILE";
  static final String HANDLE_PREFIX = "HANDLE#";
  static final String HANDLE_SK = "HANDLE";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoProfileStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  public static Map<String, AttributeValue> profileKey(String accountId) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_PREFIX + accountId),
        Tables.SK, AttributeValue.fromS(PROFILE_SK));
  }

  public static Map<String, AttributeValue> handleKey(String handle) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(HANDLE_PREFIX + handle),
        Tables.SK, AttributeValue.fromS(HANDLE_SK));
  }

  @Override
  public Optional<StoredProfile> find(String accountId) {
    return get(profileKey(accountId))
        .map(
            item -> {
              Map<ProfileField, String> values = new EnumMap<>(ProfileField.class);
              if (item.containsKey("values")) {
                item.get("values")
                    .m()
                    .forEach(
                        (name, v) ->
                            ProfileField.fromWire(name).ifPresent(f -> values.put(f, v.s())));
              }
              Map<ProfileField, Visibility> visibility = new EnumMap<>(ProfileField.class);
              if (item.containsKey("visibility")) {
                item.get("visibility")
                    .m()
                    .forEach(
                        (name, v) ->
                            ProfileField.fromWire(name)
                                .ifPresent(
                                    f ->
                                        Visibility.fromWire(v.s())
                                            .ifPresent(vis -> visibility.put(f, vis))));
              }
              return new StoredProfile(
                  values,
                  visibility,
                  item.containsKey("handle") ? item.get("handle").s() : null,
                  item.containsKey("updatedAt") ? Instant.parse(item.get("updatedAt").s()) : null);
            });
  }

  @Override
  public boolean save(String accountId, StoredProfile profile, String oldHandle, String newHandle) {
    Map<String, AttributeValue> item = new HashMap<>(profileKey(accountId));
    Map<String, AttributeValue> values = new HashMap<>();
    profile.sealedValues().forEach((f, v) -> values.put(f.wire(), AttributeValue.fromS(v)));
    Map<String, AttributeValue> visibility = new HashMap<>();
    profile
        .visibility()
        .forEach((f, v) -> visibility.put(f.wire(), AttributeValue.fromS(v.wire())));
    item.put("values", AttributeValue.fromM(values));
    item.put("visibility", AttributeValue.fromM(visibility));
    if (profile.sealedHandle() != null) {
      item.put("handle", AttributeValue.fromS(profile.sealedHandle()));
    }
    if (profile.updatedAt() != null) {
      item.put("updatedAt", AttributeValue.fromS(profile.updatedAt().toString()));
    }
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
    boolean handleChanges = newHandle != null && !newHandle.equals(oldHandle);
    if (handleChanges) {
      Map<String, AttributeValue> lookup = new HashMap<>(handleKey(newHandle));
      lookup.put("accountId", AttributeValue.fromS(accountId));
      lookup.put(
          Tables.GSI1_PK, AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_PREFIX + accountId));
      lookup.put(Tables.GSI1_SK, AttributeValue.fromS(HANDLE_PREFIX + newHandle));
      writes.add(
          TransactWriteItem.builder()
              .put(
                  Put.builder()
                      .tableName(table)
                      .item(lookup)
                      .conditionExpression("attribute_not_exists(#pk)")
                      .expressionAttributeNames(Map.of("#pk", Tables.PK))
                      .build())
              .build());
    }
    if (oldHandle != null && !oldHandle.equals(newHandle)) {
      writes.add(
          TransactWriteItem.builder()
              .delete(
                  Delete.builder()
                      .tableName(table)
                      .key(handleKey(oldHandle))
                      .conditionExpression("attribute_not_exists(#pk) OR accountId = :id")
                      .expressionAttributeNames(Map.of("#pk", Tables.PK))
                      .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(accountId)))
                      .build())
              .build());
    }
    try {
      if (writes.size() == 1) {
        dynamo.putItem(r -> r.tableName(table).item(item));
      } else {
        dynamo.transactWriteItems(r -> r.transactItems(writes));
      }
      return true;
    } catch (TransactionCanceledException e) {
      if (handleChanges && DynamoConditions.failed(e)) {
        return false;
      }
      throw new DependencyFailure("profile store transaction cancelled", e);
    } catch (SdkException e) {
      throw new DependencyFailure("profile store unavailable", e);
    }
  }

  @Override
  public Optional<String> accountIdByHandle(String handle) {
    return get(handleKey(handle)).map(item -> item.get("accountId").s());
  }

  private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
    try {
      var item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    } catch (SdkException e) {
      throw new DependencyFailure("profile store unavailable", e);
    }
  }
}
