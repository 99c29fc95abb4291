package dev.privacyfirst.files.adapter;

import static dev.privacyfirst.files.adapter.Attr.n;
import static dev.privacyfirst.files.adapter.Attr.num;
import static dev.privacyfirst.files.adapter.Attr.s;
import static dev.privacyfirst.files.adapter.Attr.str;

import dev.privacyfirst.common.adapter.DynamoBatches;
import dev.privacyfirst.common.adapter.DynamoConditions;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.domain.FileRecord;
import dev.privacyfirst.files.domain.FileStatus;
import dev.privacyfirst.files.domain.QuotaExceeded;
import dev.privacyfirst.files.domain.UploadQuota;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The account's quota record, {@code pk=QUOTA#<accountId>, sk=QUOTA}: {@code bytes} charged
 * (declared sizes of pending uploads, sizes of ready files) and {@code pending} uploads. A file
 * carries what it was charged ({@value #CHARGED}) until the transition that releases it removes the
 * attribute in the same transaction that gives the bytes back. Part of {@link
 * DynamoFileRepository}: each charge and release is one transaction with the file's own write.
 */
final class UploadCharges {
  static final String CHARGED = "charged";
  private static final int TRANSACTION_ATTEMPTS = 8;

  /** What a transition gives back to the account's quota. */
  enum Release {
    /** pending → ready: the upload is no longer in flight; its bytes stay charged. */
    PENDING_SLOT,
    /** pending → failed: the upload and its bytes (a failed file holds no content). */
    EVERYTHING,
    /** ready → deleting: the file's bytes (a failed file was released when it failed). */
    BYTES
  }

  private final DynamoDbClient dynamo;
  private final String table;

  UploadCharges(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> quotaKey(String accountId) {
    return Map.of(Tables.PK, s("QUOTA#" + accountId), Tables.SK, s("QUOTA"));
  }

  /**
   * The marker, the charge and the file in one transaction: the charge's condition is the quota
   * itself, so concurrent presigns can never take an account past it, and nothing is written when
   * they would.
   */
  void createCharged(FileRecord file, Map<String, AttributeValue> item, UploadQuota quota) {
    long size = file.declaredSize();
    Map<String, AttributeValue> charged = new HashMap<>(item);
    charged.put(CHARGED, n(size));
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .put(
                    Put.builder()
                        .tableName(table)
                        .item(FileItems.pendingKey(file.fileId()))
                        .build())
                .build(),
            TransactWriteItem.builder()
                .update(
                    Update.builder()
                        .tableName(table)
                        .key(quotaKey(file.accountId()))
                        .updateExpression("ADD #b :size, #p :one")
                        .conditionExpression(
                            "(attribute_not_exists(#b) OR #b <= :room)"
                                + " AND (attribute_not_exists(#p) OR #p < :slots)")
                        .expressionAttributeNames(Map.of("#b", "bytes", "#p", "pending"))
                        .expressionAttributeValues(
                            Map.of(
                                ":size", n(size),
                                ":one", n(1),
                                ":room", n(quota.maxBytes() - size),
                                ":slots", n(quota.maxPendingUploads())))
                        .returnValuesOnConditionCheckFailure(
                            ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build(),
            TransactWriteItem.builder()
                .put(
                    Put.builder()
                        .tableName(table)
                        .item(charged)
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build());
    if (size > quota.maxBytes()) {
      throw new QuotaExceeded.Storage(quota.maxBytes());
    }
    if (quota.maxPendingUploads() == 0) {
      throw new QuotaExceeded.PendingUploads(0);
    }
    try {
      transact(writes);
    } catch (TransactionCanceledException e) {
      List<CancellationReason> reasons = e.cancellationReasons();
      if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
        UploadQuota.Usage usage =
            reasons.get(1).hasItem() && !reasons.get(1).item().isEmpty()
                ? usageOf(reasons.get(1).item())
                : usage(file.accountId());
        if (usage.bytes() + size > quota.maxBytes()) {
          throw new QuotaExceeded.Storage(quota.maxBytes());
        }
        throw new QuotaExceeded.PendingUploads(quota.maxPendingUploads());
      }
      throw new DependencyFailure("files table refused the upload", e);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  /**
   * A transaction, repeated while it only collided with another one on the same items (two presigns
   * of one account): a conflict changes nothing, and the conditions are checked afresh.
   */
  private void transact(List<TransactWriteItem> writes) {
    for (int attempt = 1; ; attempt++) {
      try {
        dynamo.transactWriteItems(r -> r.transactItems(writes));
        return;
      } catch (TransactionCanceledException e) {
        boolean conflict =
            e.cancellationReasons().stream()
                .anyMatch(reason -> "TransactionConflict".equals(reason.code()));
        if (!conflict || DynamoConditions.failed(e) || attempt >= TRANSACTION_ATTEMPTS) {
          throw e;
        }
        // Exponential backoff with jitter: two begins of one account that collided would collide
        // again if they both waited the same time (the other transaction has committed meanwhile).
        DynamoBatches.backoff(attempt - 1);
      }
    }
  }

  private static UploadQuota.Usage usageOf(Map<String, AttributeValue> item) {
    return new UploadQuota.Usage(num(item, "bytes"), num(item, "pending"));
  }

  UploadQuota.Usage usage(String accountId) {
    try {
      var item =
          dynamo.getItem(r -> r.tableName(table).key(quotaKey(accountId)).consistentRead(true));
      return item.hasItem() && !item.item().isEmpty()
          ? usageOf(item.item())
          : new UploadQuota.Usage(0, 0);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  void forget(String accountId) {
    try {
      dynamo.deleteItem(r -> r.tableName(table).key(quotaKey(accountId)));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }

  /**
   * The transition of a file that carries a charge ({@code current}, read just before), in one
   * transaction with the release of that charge, conditioned on the charge read (a concurrent
   * transition makes the condition fail, and this one then reports no change, as an uncharged one
   * would).
   */
  boolean transition(
      Map<String, AttributeValue> current,
      Release release,
      String update,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    long charged = num(current, CHARGED);
    boolean wasPending = FileStatus.PENDING.name().equals(str(current, "status"));
    long bytes = release == Release.PENDING_SLOT ? 0 : charged;
    long slots = release == Release.BYTES || !wasPending ? 0 : 1;
    String fileUpdate = release == Release.PENDING_SLOT ? update : update + " REMOVE " + CHARGED;
    Map<String, AttributeValue> fileValues = new HashMap<>(values);
    fileValues.put(":charged", n(charged));
    fileValues.put(":wasStatus", current.get("status"));
    Update file =
        Update.builder()
            .tableName(table)
            .key(Map.of(Tables.PK, current.get(Tables.PK), Tables.SK, current.get(Tables.SK)))
            .updateExpression(fileUpdate)
            .conditionExpression(
                "attribute_exists(pk) AND "
                    + condition
                    + " AND "
                    + CHARGED
                    + " = :charged AND #s = :wasStatus")
            .expressionAttributeNames(names)
            .expressionAttributeValues(fileValues)
            .build();
    Update quota =
        Update.builder()
            .tableName(table)
            .key(quotaKey(str(current, "accountId")))
            .updateExpression("ADD #b :bytes, #p :slots")
            .expressionAttributeNames(Map.of("#b", "bytes", "#p", "pending"))
            .expressionAttributeValues(Map.of(":bytes", n(-bytes), ":slots", n(-slots)))
            .build();
    try {
      transact(
          List.of(
              TransactWriteItem.builder().update(file).build(),
              TransactWriteItem.builder().update(quota).build()));
      return true;
    } catch (TransactionCanceledException e) {
      if (!e.cancellationReasons().isEmpty()
          && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
        return false;
      }
      throw new DependencyFailure("files table unavailable", e);
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
  }
}
