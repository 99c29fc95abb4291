package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.Account;
import dev.privacyfirst.accounts.domain.AccountRepository;
import dev.privacyfirst.accounts.domain.AccountStatus;
import dev.privacyfirst.accounts.domain.EmailSwap;
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
 * Accounts in the accounts table: {@code pk=ACCOUNT#<id> sk=ACCOUNT} (sealed email, password hash,
 * creation time, status, email lookup) and {@code pk=EMAIL#<keyed hash> sk=EMAIL} → account id.
 * Both are written in one transaction, each conditional on not existing yet, so a duplicate email
 * writes nothing at all.
 *
 * <p>An unverified account has no email lookup yet: its row carries {@code verifyBy} and sits in
 * GSI1 under {@code UNVERIFIED} sorted by that time (so the expiry finds it without a scan), and
 * {@code pk=PENDING#<keyed hash> sk=PENDING} names the address's latest unverified account (with
 * the TTL attribute). Verifying takes the lookup and clears the index attributes in one
 * transaction.
 */
public final class DynamoAccountRepository implements AccountRepository {
  public static final String ACCOUNT_PREFIX = "ACCOUNT#";
  public static final String ACCOUNT_SK = "ACCOUNT";
  public static final String EMAIL_PREFIX = "EMAIL#";
  public static final String EMAIL_SK = "EMAIL";
  public static final String PENDING_PREFIX = "PENDING#";
  static final String UNVERIFIED = "UNVERIFIED";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoAccountRepository(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  public static Map<String, AttributeValue> accountKey(String accountId) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(ACCOUNT_PREFIX + accountId),
        Tables.SK, AttributeValue.fromS(ACCOUNT_SK));
  }

  public static Map<String, AttributeValue> emailKey(String emailLookup) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(EMAIL_PREFIX + emailLookup),
        Tables.SK, AttributeValue.fromS(EMAIL_SK));
  }

  @Override
  public boolean create(Account account) {
    Map<String, AttributeValue> lookup = new java.util.HashMap<>(emailKey(account.emailLookup()));
    lookup.put("accountId", AttributeValue.fromS(account.id()));
    Map<String, AttributeValue> item = new java.util.HashMap<>(accountKey(account.id()));
    item.put("email", AttributeValue.fromS(account.sealedEmail()));
    item.put("emailLookup", AttributeValue.fromS(account.emailLookup()));
    item.put("passwordHash", AttributeValue.fromS(account.passwordHash()));
    item.put("createdAt", AttributeValue.fromS(account.createdAt().toString()));
    item.put("status", AttributeValue.fromS(account.status().stored()));
    try {
      dynamo.transactWriteItems(
          r ->
              r.transactItems(
                  TransactWriteItem.builder().put(conditionalPut(lookup)).build(),
                  TransactWriteItem.builder().put(conditionalPut(item)).build()));
      return true;
    } catch (TransactionCanceledException e) {
      if (DynamoConditions.failed(e)) {
        return false;
      }
      throw new DependencyFailure("account store transaction cancelled", e);
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  private Put conditionalPut(Map<String, AttributeValue> item) {
    return Put.builder()
        .tableName(table)
        .item(item)
        .conditionExpression("attribute_not_exists(#pk)")
        .expressionAttributeNames(Map.of("#pk", Tables.PK))
        .build();
  }

  @Override
  public Optional<String> findIdByEmailLookup(String emailLookup) {
    return get(emailKey(emailLookup)).map(item -> item.get("accountId").s());
  }

  @Override
  public Optional<Account> find(String accountId) {
    return get(accountKey(accountId))
        .map(
            item ->
                new Account(
                    accountId,
                    item.get("email").s(),
                    item.get("emailLookup").s(),
                    item.get("passwordHash").s(),
                    Instant.parse(item.get("createdAt").s()),
                    AccountStatus.fromStored(item.get("status").s())));
  }

  @Override
  public boolean updateStatus(String accountId, AccountStatus from, AccountStatus to) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(accountKey(accountId))
                  .updateExpression("SET #s = :to")
                  .conditionExpression("#s = :from")
                  .expressionAttributeNames(Map.of("#s", "status"))
                  .expressionAttributeValues(
                      Map.of(
                          ":to", AttributeValue.fromS(to.stored()),
                          ":from", AttributeValue.fromS(from.stored()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  private Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
    try {
      var item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  public static Map<String, AttributeValue> pendingKey(String emailLookup) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(PENDING_PREFIX + emailLookup),
        Tables.SK, AttributeValue.fromS("PENDING"));
  }

  private static String padded(long epochSecond) {
    return String.format(java.util.Locale.ROOT, "%012d", epochSecond);
  }

  @Override
  public void createUnverified(Account account, Instant verifyBy, String sealedGuardian) {
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

  @Override
  public Optional<String> findPendingIdByEmailLookup(String emailLookup) {
    return get(pendingKey(emailLookup)).map(item -> item.get("accountId").s());
  }

  @Override
  public Optional<String> sealedGuardian(String accountId) {
    return get(accountKey(accountId))
        .flatMap(item -> Optional.ofNullable(item.get("guardianEmail")))
        .map(AttributeValue::s);
  }

  @Override
  public boolean activate(
      String accountId, String emailLookup, AccountStatus to, Instant keepUntil) {
    return activate(accountId, emailLookup, java.util.List.of(), to, keepUntil);
  }

  @Override
  public boolean activate(
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

  @Override
  public java.util.List<String> unverifiedDue(Instant now, int limit) {
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

  @Override
  public boolean discardUnverified(String accountId) {
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

  @Override
  public boolean recordGuardianConsent(String accountId, Instant at) {
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

  @Override
  public void updatePasswordHash(String accountId, String passwordHash) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(accountKey(accountId))
                  .updateExpression("SET passwordHash = :h")
                  .conditionExpression("attribute_exists(#pk)")
                  .expressionAttributeNames(Map.of("#pk", Tables.PK))
                  .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(passwordHash))));
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  private static String slotPrefix(EmailSwap.Slot slot) {
    return slot == EmailSwap.Slot.PENDING ? "pendingEmail" : "undoEmail";
  }

  @Override
  public void stashEmail(String accountId, EmailSwap.Slot slot, EmailSwap swap) {
    String p = slotPrefix(slot);
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(accountKey(accountId))
                  .updateExpression("SET #e = :e, #l = :l, #t = :t")
                  .conditionExpression("attribute_exists(#pk)")
                  .expressionAttributeNames(
                      Map.of("#e", p, "#l", p + "Lookup", "#t", p + "Token", "#pk", Tables.PK))
                  .expressionAttributeValues(
                      Map.of(
                          ":e", AttributeValue.fromS(swap.sealedEmail()),
                          ":l", AttributeValue.fromS(swap.emailLookup()),
                          ":t", AttributeValue.fromS(swap.tokenHash()))));
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  @Override
  public Optional<EmailSwap> stashedEmail(String accountId, EmailSwap.Slot slot) {
    String p = slotPrefix(slot);
    return get(accountKey(accountId))
        .filter(item -> item.containsKey(p))
        .map(
            item ->
                new EmailSwap(
                    item.get(p).s(), item.get(p + "Lookup").s(), item.get(p + "Token").s()));
  }

  @Override
  public boolean swapEmail(
      String accountId, String fromLookup, EmailSwap to, EmailSwap.Slot clear, EmailSwap keep) {
    return swapEmail(accountId, fromLookup, to, java.util.List.of(), clear, keep);
  }

  @Override
  public boolean swapEmail(
      String accountId,
      String fromLookup,
      EmailSwap to,
      java.util.List<String> guards,
      EmailSwap.Slot clear,
      EmailSwap keep) {
    Map<String, AttributeValue> lookup = EmailLookupItems.item(to.emailLookup(), accountId);
    String c = slotPrefix(clear);
    Map<String, String> names = new java.util.HashMap<>();
    names.put("#c", c);
    names.put("#cl", c + "Lookup");
    names.put("#ct", c + "Token");
    Map<String, AttributeValue> values = new java.util.HashMap<>();
    values.put(":email", AttributeValue.fromS(to.sealedEmail()));
    values.put(":to", AttributeValue.fromS(to.emailLookup()));
    values.put(":from", AttributeValue.fromS(fromLookup));
    String set = "SET email = :email, emailLookup = :to";
    if (keep != null) {
      set += ", undoEmail = :ue, undoEmailLookup = :ul, undoEmailToken = :ut";
      values.put(":ue", AttributeValue.fromS(keep.sealedEmail()));
      values.put(":ul", AttributeValue.fromS(keep.emailLookup()));
      values.put(":ut", AttributeValue.fromS(keep.tokenHash()));
    }
    if (keep != null && clear == EmailSwap.Slot.UNDO) {
      throw new IllegalArgumentException("the undo slot cannot be kept and cleared at once");
    }
    String update = set + " REMOVE #c, #cl, #ct";
    java.util.List<TransactWriteItem> writes =
        new java.util.ArrayList<>(EmailLookupItems.guards(table, guards, accountId));
    writes.add(TransactWriteItem.builder().put(conditionalPut(lookup)).build());
    writes.add(
        TransactWriteItem.builder()
            .delete(
                d ->
                    d.tableName(table)
                        .key(emailKey(fromLookup))
                        .conditionExpression("accountId = :id")
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(accountId))))
            .build());
    writes.add(
        TransactWriteItem.builder()
            .update(
                u -> {
                  u.tableName(table)
                      .key(accountKey(accountId))
                      .updateExpression(update)
                      .conditionExpression("emailLookup = :from")
                      .expressionAttributeNames(names)
                      .expressionAttributeValues(values);
                })
            .build());
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (DynamoConditions.failed(e)) {
        return false;
      }
      throw new DependencyFailure("account store transaction cancelled", e);
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }
}
