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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Accounts in the accounts table: {@code pk=ACCOUNT#<id> sk=ACCOUNT} (sealed email, password hash,
 * creation time, status, email lookup) and {@code pk=EMAIL#<keyed hash> sk=EMAIL} → account id.
 * Both are written in one transaction, each conditional on not existing yet, so a duplicate email
 * writes nothing at all.
 *
 * <p>An unverified account has no email lookup yet ({@link UnverifiedAccounts}); an address change
 * moves the lookup ({@link EmailSwaps}). One port ({@link AccountRepository}) and one adapter own
 * the three, as the lookup they all guard is written in their transactions; the parts share the
 * table's access ({@link AccountTable}).
 */
public final class DynamoAccountRepository extends AccountTable implements AccountRepository {
  public static final String ACCOUNT_PREFIX = "ACCOUNT#";
  public static final String ACCOUNT_SK = "ACCOUNT";
  public static final String EMAIL_PREFIX = "EMAIL#";
  public static final String EMAIL_SK = "EMAIL";
  public static final String PENDING_PREFIX = "PENDING#";
  static final String UNVERIFIED = "UNVERIFIED";

  private final UnverifiedAccounts unverified;
  private final EmailSwaps swaps;

  public DynamoAccountRepository(DynamoDbClient dynamo, String table) {
    super(dynamo, table);
    this.unverified = new UnverifiedAccounts(dynamo, table);
    this.swaps = new EmailSwaps(dynamo, table);
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

  public static Map<String, AttributeValue> pendingKey(String emailLookup) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(PENDING_PREFIX + emailLookup),
        Tables.SK, AttributeValue.fromS("PENDING"));
  }

  @Override
  public void createUnverified(Account account, Instant verifyBy, String sealedGuardian) {
    unverified.createUnverified(account, verifyBy, sealedGuardian);
  }

  @Override
  public Optional<String> findPendingIdByEmailLookup(String emailLookup) {
    return unverified.findPendingIdByEmailLookup(emailLookup);
  }

  @Override
  public Optional<String> sealedGuardian(String accountId) {
    return unverified.sealedGuardian(accountId);
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
    return unverified.activate(accountId, emailLookup, guards, to, keepUntil);
  }

  @Override
  public java.util.List<String> unverifiedDue(Instant now, int limit) {
    return unverified.unverifiedDue(now, limit);
  }

  @Override
  public boolean discardUnverified(String accountId) {
    return unverified.discardUnverified(accountId);
  }

  @Override
  public boolean recordGuardianConsent(String accountId, Instant at) {
    return unverified.recordGuardianConsent(accountId, at);
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

  @Override
  public void stashEmail(String accountId, EmailSwap.Slot slot, EmailSwap swap) {
    swaps.stashEmail(accountId, slot, swap);
  }

  @Override
  public Optional<EmailSwap> stashedEmail(String accountId, EmailSwap.Slot slot) {
    return swaps.stashedEmail(accountId, slot);
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
    return swaps.swapEmail(accountId, fromLookup, to, guards, clear, keep);
  }
}
