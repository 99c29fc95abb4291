package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AccountStatus;
import dev.privacyfirst.accounts.domain.EmailLookups;
import dev.privacyfirst.common.adapter.DynamoConditions;
import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.adapter.PassCursors;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.Budget;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The re-key pass of the {@code email-lookup} key (an operator action): files every account under
 * its address's lookup of the current key version and removes what it held under older versions
 * (its lookup items and the guards written while containers that had not seen the rotation could
 * still run), so that an older version can be retired.
 *
 * <p>Per account, the address is opened from its sealed copy (the lookup is one-way) and the
 * current lookup taken, the account's stored lookup replaced and the old item deleted in one
 * transaction, each conditional: a lookup another account holds, or an account whose address
 * changed meanwhile, cancels it (a concurrent change wins; the account is counted as a conflict and
 * a later run tries again). An older item is then deleted only together with a check that the
 * account is still filed under the current lookup. So the pass is idempotent, safe to run twice at
 * once and alongside live traffic; it reads the table page by page with a Scan (as the directory
 * backfill does), saves its cursor after each page in {@code pk=REKEY#email-lookup sk=PROGRESS} and
 * continues there on the next invocation, until a round over the whole table finished without
 * conflicts. A new current version starts a new round.
 *
 * <p>Not re-keyed: unverified sign-ups (they take their lookup under the current version when their
 * link is followed, or expire with it) and accounts whose key is destroyed (being erased).
 */
public final class EmailLookupRekeyPass {
  static final int PAGE = 25;
  private static final Map<String, AttributeValue> PROGRESS =
      Map.of(
          Tables.PK, AttributeValue.fromS("REKEY#email-lookup"),
          Tables.SK, AttributeValue.fromS("PROGRESS"));

  private final DynamoDbClient dynamo;
  private final String table;
  private final EmailLookups lookups;
  private final PersonalDataVault vault;
  private final int pageSize;
  private final Clock clock;

  public EmailLookupRekeyPass(
      DynamoDbClient dynamo,
      String accountsTable,
      EmailLookups lookups,
      PersonalDataVault vault,
      Clock clock) {
    this(dynamo, accountsTable, lookups, vault, PAGE, clock);
  }

  /** With a smaller page (tests: a few accounts over several pages). */
  EmailLookupRekeyPass(
      DynamoDbClient dynamo,
      String accountsTable,
      EmailLookups lookups,
      PersonalDataVault vault,
      int pageSize,
      Clock clock) {
    this.dynamo = dynamo;
    this.table = accountsTable;
    this.lookups = lookups;
    this.vault = vault;
    this.pageSize = pageSize;
    this.clock = clock;
  }

  /**
   * @param version the key version this round files accounts under
   * @param read accounts read in this round
   * @param rekeyed accounts moved from an older version's lookup to the current one
   * @param removed lookup items of older versions removed (old lookups and guards)
   * @param skipped unverified accounts and accounts whose address no longer opens
   * @param conflicts accounts left as they were because something changed under the pass
   * @param finished the round read the whole table with no conflict
   */
  public record Report(
      int version,
      long read,
      long rekeyed,
      long removed,
      long skipped,
      long conflicts,
      boolean finished) {}

  private record State(
      int version,
      String cursor,
      boolean done,
      long read,
      long rekeyed,
      long removed,
      long skipped,
      long conflicts) {
    Report report() {
      return new Report(
          version, read, rekeyed, removed, skipped, conflicts, done && conflicts == 0);
    }
  }

  private enum Outcome {
    CURRENT,
    REKEYED,
    SKIPPED,
    CONFLICT
  }

  public Report run(Budget budget) {
    int version = lookups.currentVersion();
    State state = load().orElse(null);
    if (state == null || state.version() != version || (state.done() && state.conflicts() > 0)) {
      state = new State(version, null, false, 0, 0, 0, 0, 0);
    }
    while (!state.done()) {
      if (!budget.take()) {
        return state.report();
      }
      DynamoPaging.Page page = page(state.cursor());
      long rekeyed = 0;
      long removed = 0;
      long skipped = 0;
      long conflicts = 0;
      for (Map<String, AttributeValue> item : page.items()) {
        String accountId =
            item.get(Tables.PK).s().substring(DynamoAccountRepository.ACCOUNT_PREFIX.length());
        Optional<String> address = address(accountId, item);
        if (address.isEmpty()) {
          skipped++;
          continue;
        }
        String current = lookups.hex(address.get());
        AttributeValue stored = item.get("emailLookup");
        Outcome outcome = refile(accountId, stored == null ? null : stored.s(), current);
        switch (outcome) {
          case REKEYED -> rekeyed++;
          case CONFLICT -> conflicts++;
          default -> {}
        }
        if (outcome != Outcome.CONFLICT) {
          removed += removeOlder(accountId, address.get(), current);
        }
      }
      String next = page.last() ? null : DynamoExistingAccounts.encode(page.next());
      state =
          new State(
              version,
              next,
              next == null,
              state.read() + page.items().size(),
              state.rekeyed() + rekeyed,
              state.removed() + removed,
              state.skipped() + skipped,
              state.conflicts() + conflicts);
      save(state);
    }
    return state.report();
  }

  private Optional<String> address(String accountId, Map<String, AttributeValue> item) {
    AttributeValue status = item.get("status");
    AttributeValue sealed = item.get("email");
    if (sealed == null
        || (status != null && AccountStatus.UNVERIFIED.stored().equals(status.s()))) {
      return Optional.empty();
    }
    return vault.open(accountId, AccountService.EMAIL_FIELD, sealed.s());
  }

  /** Files the account under {@code current}: the new item, the account, the old item at once. */
  private Outcome refile(String accountId, String stored, String current) {
    if (current.equals(stored)) {
      return Outcome.CURRENT;
    }
    AttributeValue id = AttributeValue.fromS(accountId);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":cur", AttributeValue.fromS(current));
    String condition;
    if (stored == null) {
      condition = "attribute_exists(#pk) AND attribute_not_exists(emailLookup)";
    } else {
      condition = "emailLookup = :old";
      values.put(":old", AttributeValue.fromS(stored));
    }
    var writes = new java.util.ArrayList<TransactWriteItem>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(EmailLookupItems.item(current, accountId))
                        .conditionExpression("attribute_not_exists(#pk) OR accountId = :id")
                        .expressionAttributeNames(Map.of("#pk", Tables.PK))
                        .expressionAttributeValues(Map.of(":id", id)))
            .build());
    writes.add(
        TransactWriteItem.builder()
            .update(
                u -> {
                  u.tableName(table)
                      .key(DynamoAccountRepository.accountKey(accountId))
                      .updateExpression("SET emailLookup = :cur")
                      .conditionExpression(condition)
                      .expressionAttributeValues(values);
                  if (stored == null) {
                    u.expressionAttributeNames(Map.of("#pk", Tables.PK));
                  }
                })
            .build());
    if (stored != null) {
      writes.add(
          TransactWriteItem.builder()
              .delete(
                  d ->
                      d.tableName(table)
                          .key(DynamoAccountRepository.emailKey(stored))
                          .conditionExpression("attribute_not_exists(#pk) OR accountId = :id")
                          .expressionAttributeNames(Map.of("#pk", Tables.PK))
                          .expressionAttributeValues(Map.of(":id", id)))
              .build());
    }
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
      return Outcome.REKEYED;
    } catch (TransactionCanceledException e) {
      if (!DynamoConditions.failed(e)) {
        throw new DependencyFailure("accounts table transaction cancelled", e);
      }
    } catch (SdkException e) {
      throw new DependencyFailure("accounts table unavailable", e);
    }
    // Another run of the pass may have filed it meanwhile; anything else changed it under us.
    return current.equals(storedLookup(accountId).orElse(null))
        ? Outcome.CURRENT
        : Outcome.CONFLICT;
  }

  private Optional<String> storedLookup(String accountId) {
    try {
      var item =
          dynamo
              .getItem(
                  r ->
                      r.tableName(table)
                          .key(DynamoAccountRepository.accountKey(accountId))
                          .consistentRead(true))
              .item();
      return item == null || !item.containsKey("emailLookup")
          ? Optional.empty()
          : Optional.of(item.get("emailLookup").s());
    } catch (SdkException e) {
      throw new DependencyFailure("accounts table unavailable", e);
    }
  }

  /**
   * Deletes the account's lookups other than {@code current} (the address's lookups under older
   * versions, and whatever is indexed under the account), each only while the account is still
   * filed under {@code current}.
   */
  private long removeOlder(String accountId, String address, String current) {
    Set<String> older = new LinkedHashSet<>(lookups.older(address));
    try {
      older.addAll(EmailLookupItems.indexed(dynamo, table, accountId));
    } catch (SdkException e) {
      throw new DependencyFailure("accounts table unavailable", e);
    }
    older.remove(current);
    long removed = 0;
    AttributeValue id = AttributeValue.fromS(accountId);
    for (String lookup : older) {
      try {
        dynamo.transactWriteItems(
            r ->
                r.transactItems(
                    TransactWriteItem.builder()
                        .conditionCheck(
                            c ->
                                c.tableName(table)
                                    .key(DynamoAccountRepository.accountKey(accountId))
                                    .conditionExpression("emailLookup = :cur")
                                    .expressionAttributeValues(
                                        Map.of(":cur", AttributeValue.fromS(current))))
                        .build(),
                    TransactWriteItem.builder()
                        .delete(
                            d ->
                                d.tableName(table)
                                    .key(DynamoAccountRepository.emailKey(lookup))
                                    .conditionExpression("accountId = :id")
                                    .expressionAttributeValues(Map.of(":id", id)))
                        .build()));
        removed++;
      } catch (TransactionCanceledException e) {
        if (!DynamoConditions.failed(e)) {
          throw new DependencyFailure("accounts table transaction cancelled", e);
        }
        // absent, another account's, or this account moved on: nothing of this account's to remove
      } catch (SdkException e) {
        throw new DependencyFailure("accounts table unavailable", e);
      }
    }
    return removed;
  }

  private DynamoPaging.Page page(String cursor) {
    return DynamoPaging.page(
        dynamo,
        ScanRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .filterExpression("#s = :sk AND begins_with(#p, :prefix)")
            .projectionExpression("#p, #e, #l, #st")
            .expressionAttributeNames(
                Map.of(
                    "#p", Tables.PK,
                    "#s", Tables.SK,
                    "#e", "email",
                    "#l", "emailLookup",
                    "#st", "status"))
            .expressionAttributeValues(
                Map.of(
                    ":sk", AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_SK),
                    ":prefix", AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_PREFIX)))
            .exclusiveStartKey(cursor == null ? null : DynamoExistingAccounts.decode(cursor))
            .limit(pageSize)
            .build(),
        "accounts table unavailable");
  }

  private Optional<State> load() {
    try {
      var item = dynamo.getItem(r -> r.tableName(table).key(PROGRESS).consistentRead(true)).item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new State(
              Integer.parseInt(item.get("version").n()),
              item.containsKey("cursor") ? item.get("cursor").s() : null,
              item.get("done").bool(),
              n(item, "read"),
              n(item, "rekeyed"),
              n(item, "removed"),
              n(item, "skipped"),
              n(item, "conflicts")));
    } catch (SdkException e) {
      throw new DependencyFailure("accounts table unavailable", e);
    }
  }

  private static long n(Map<String, AttributeValue> item, String name) {
    return Long.parseLong(item.get(name).n());
  }

  private void save(State state) {
    Map<String, AttributeValue> item = new HashMap<>(PROGRESS);
    item.put("version", num(state.version()));
    if (state.cursor() != null) {
      item.put("cursor", AttributeValue.fromS(state.cursor()));
      // It may name an account erased since: it expires (PassCursors).
      item.put(Tables.EXPIRES_AT, PassCursors.expiresAt(clock));
    }
    item.put("done", AttributeValue.fromBool(state.done()));
    item.put("read", num(state.read()));
    item.put("rekeyed", num(state.rekeyed()));
    item.put("removed", num(state.removed()));
    item.put("skipped", num(state.skipped()));
    item.put("conflicts", num(state.conflicts()));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("accounts table unavailable", e);
    }
  }

  private static AttributeValue num(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
