package dev.privacyfirst.accounts.adapter;

import static dev.privacyfirst.accounts.adapter.DynamoAccountRepository.UNVERIFIED;
import static dev.privacyfirst.accounts.adapter.DynamoAccountRepository.accountKey;
import static dev.privacyfirst.accounts.adapter.DynamoAccountRepository.emailKey;
import static dev.privacyfirst.accounts.adapter.DynamoAccountRepository.pendingKey;

import dev.privacyfirst.accounts.domain.Account;
import dev.privacyfirst.accounts.domain.AccountStatus;
import dev.privacyfirst.common.adapter.DynamoConditions;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link DynamoAccountRepository}'s accounts whose address is not verified yet: the row carries
 * {@code verifyBy} and sits in GSI1 under {@code UNVERIFIED} sorted by that time (so the expiry
 * finds it without a scan), and {@code pk=PENDING#<keyed hash> sk=PENDING} names the address's
 * latest unverified account (with the TTL attribute). Verifying takes the lookup and clears the
 * index attributes in one transaction.
 */
final class UnverifiedAccounts extends AccountTable {
  UnverifiedAccounts(DynamoDbClient dynamo, String table) {
    super(dynamo, table);
  }

  private static String padded(long epochSecond) {
    return String.format(java.util.Locale.ROOT, "%012d", epochSecond);
  }

  void createUnverified(Account account, Instant verifyBy, String sealedGuardian) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(accountKey(account.id()));
    item.put("email", AttributeValue.fromS(account.sealedEmail()));
    item.put("emailLookup", AttributeValue.fromS(account.emailLookup()));
    item.put("passwordHash", AttributeValue.fromS(account.passwordHash()));
    item.put("createdAt", AttributeValue.fromS(account.createdAt().toString()));
    item.put("status", AttributeValue.fromS(AccountStatus.UNVERIFIED.stored()));
    item.put("verifyBy", AttributeValue.fromN(Long.toString(verifyBy.getEpochSecond())));
    item.put(Tables.GSI1_PK, AttributeValue.fromS(UNVERIFIED));
    item.put(
        Tables.GSI1_SK,
        AttributeValue.fromS(padded(verifyBy.getEpochSecond()) + "#" + account.id()));
    if (sealedGuardian != null) {
      item.put("guardianEmail", AttributeValue.fromS(sealedGuardian));
    }
    Map<String, AttributeValue> pending =
        new java.util.HashMap<>(pendingKey(account.emailLookup()));
    pending.put("accountId", AttributeValue.fromS(account.id()));
    pending.put(Tables.EXPIRES_AT, AttributeValue.fromN(Long.toString(verifyBy.getEpochSecond())));
    try {
      dynamo.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder().put(conditionalPut(item)).build(),
                  TransactWriteItem.builder()
                      .put(Put.builder().tableName(table).item(pending).build())
                      .build()));
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  Optional<String> findPendingIdByEmailLookup(String emailLookup) {
    return get(pendingKey(emailLookup)).map(item -> item.get("accountId").s());
  }

  Optional<String> sealedGuardian(String accountId) {
    return get(accountKey(accountId))
        .flatMap(item -> Optional.ofNullable(item.get("guardianEmail")))
        .map(AttributeValue::s);
  }

  boolean activate(
      String accountId,
      String emailLookup,
      java.util.List<String> guards,
      AccountStatus to,
      Instant keepUntil) {
    Map<String, AttributeValue> lookup = EmailLookupItems.item(emailLookup, accountId);
    Map<String, AttributeValue> values = new java.util.HashMap<>();
    values.put(":to", AttributeValue.fromS(to.stored()));
    values.put(":from", AttributeValue.fromS(AccountStatus.UNVERIFIED.stored()));
    values.put(":lookup", AttributeValue.fromS(emailLookup));
    String update;
    if (keepUntil == null) {
      update = "SET #s = :to, emailLookup = :lookup REMOVE #gp, #gs, verifyBy";
    } else {
      update = "SET #s = :to, emailLookup = :lookup, #gs = :gs, verifyBy = :until";
      values.put(":gs", AttributeValue.fromS(padded(keepUntil.getEpochSecond()) + "#" + accountId));
      values.put(":until", AttributeValue.fromN(Long.toString(keepUntil.getEpochSecond())));
    }
    Map<String, String> names =
        new java.util.HashMap<>(Map.of("#s", "status", "#gs", Tables.GSI1_SK));
    if (keepUntil == null) {
      names.put("#gp", Tables.GSI1_PK);
    }
    java.util.List<TransactWriteItem> writes =
        new java.util.ArrayList<>(EmailLookupItems.guards(table, guards, accountId));
    writes.add(TransactWriteItem.builder().put(conditionalPut(lookup)).build());
    writes.add(
        TransactWriteItem.builder()
            .update(
                u ->
                    u.tableName(table)
                        .key(accountKey(accountId))
                        .updateExpression(update)
                        .conditionExpression("#s = :from")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values))
            .build());
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (DynamoConditions.failed(e)) {
        return false;
      }
      throw new DependencyFailure("account store transaction cancelled", e);
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
    deletePendingMarker(emailLookup, accountId);
    return true;
  }

  private void deletePendingMarker(String emailLookup, String accountId) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(pendingKey(emailLookup))
                  .conditionExpression("accountId = :id")
                  .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(accountId))));
    } catch (ConditionalCheckFailedException newerOrGone) {
      // A newer unverified account of the address owns the marker, or it is gone: leave it.
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  java.util.List<String> unverifiedDue(Instant now, int limit) {
    try {
      var page =
          dynamo.query(
              r ->
                  r.tableName(table)
                      .indexName(Tables.GSI1)
                      .keyConditionExpression("#p = :p AND #s < :s")
                      .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                      .expressionAttributeValues(
                          Map.of(
                              ":p", AttributeValue.fromS(UNVERIFIED),
                              ":s", AttributeValue.fromS(padded(now.getEpochSecond() + 1))))
                      .limit(limit));
      return page.items().stream()
          .map(i -> i.get(Tables.GSI1_SK).s())
          .map(sk -> sk.substring(sk.indexOf('#') + 1))
          .toList();
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  boolean discardUnverified(String accountId) {
    Map<String, AttributeValue> old;
    try {
      old =
          dynamo
              .deleteItem(
                  r ->
                      r.tableName(table)
                          .key(accountKey(accountId))
                          .conditionExpression("#s IN (:u, :g)")
                          .expressionAttributeNames(Map.of("#s", "status"))
                          .expressionAttributeValues(
                              Map.of(
                                  ":u", AttributeValue.fromS(AccountStatus.UNVERIFIED.stored()),
                                  ":g",
                                      AttributeValue.fromS(
                                          AccountStatus.AWAITING_GUARDIAN.stored())))
                          .returnValues(
                              software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD))
              .attributes();
    } catch (ConditionalCheckFailedException verifiedOrGone) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
    if (old != null && old.containsKey("emailLookup")) {
      String emailLookup = old.get("emailLookup").s();
      deletePendingMarker(emailLookup, accountId);
      try {
        // A minor's account took its lookup when its address was verified: free it again.
        dynamo.deleteItem(
            r ->
                r.tableName(table)
                    .key(emailKey(emailLookup))
                    .conditionExpression("accountId = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(accountId))));
      } catch (ConditionalCheckFailedException notThisAccounts) {
        // The address is free, or another account holds it: leave it.
      } catch (SdkException e) {
        throw new DependencyFailure("account store unavailable", e);
      }
    }
    try {
      // The guards it took under older key versions (EmailLookupItems) go with it.
      for (String guard : EmailLookupItems.indexed(dynamo, table, accountId)) {
        EmailLookupItems.deleteIfOwned(dynamo, table, guard, accountId);
      }
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
    return true;
  }

  boolean recordGuardianConsent(String accountId, Instant at) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(accountKey(accountId))
                  .updateExpression(
                      "SET #s = :to, guardianConsentAt = :at REMOVE #gp, #gs, verifyBy")
                  .conditionExpression("#s = :from")
                  .expressionAttributeNames(
                      Map.of("#s", "status", "#gp", Tables.GSI1_PK, "#gs", Tables.GSI1_SK))
                  .expressionAttributeValues(
                      Map.of(
                          ":to", AttributeValue.fromS(AccountStatus.ACTIVE.stored()),
                          ":from", AttributeValue.fromS(AccountStatus.AWAITING_GUARDIAN.stored()),
                          ":at", AttributeValue.fromS(at.toString()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }
}
