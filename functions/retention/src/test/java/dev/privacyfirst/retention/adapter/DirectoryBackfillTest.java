package dev.privacyfirst.retention.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.adapter.DynamoAccountRepository;
import dev.privacyfirst.common.adapter.PassCursors;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.retention.domain.NoticeBroadcast;
import dev.privacyfirst.retention.handler.RetentionOperatorHandler;
import dev.privacyfirst.rights.domain.AccountAddresses;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.DirectoryBackfill;
import dev.privacyfirst.rights.domain.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Accounts created before the account directory existed have no entry, so notices to everyone
 * missed them: the one-time backfill writes their entries through the accounts capability's own
 * reading of its table (DynamoDB Local).
 */
@Tag("emulators")
class DirectoryBackfillTest {
  private RetentionWorld world;
  private AccountAddresses directory;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(Duration.ofDays(7));
    directory = world.contract.addresses();
    // One backfill per deployment: each test starts it afresh on the shared emulator.
    world.dynamo.deleteItem(
        r ->
            r.tableName(world.retentionTable)
                .key(
                    Map.of(
                        Tables.PK, AttributeValue.fromS("BACKFILL#directory"),
                        Tables.SK, AttributeValue.fromS("PROGRESS"))));
  }

  private static String email() {
    return "old-" + UUID.randomUUID() + "@example.com";
  }

  /** An account as it was stored before the directory existed: no directory entry. */
  private String oldAccount() {
    String id = world.createAccount(email(), 0);
    directory.forget(id);
    return id;
  }

  private String sealedEmailOf(String accountId) {
    return world
        .dynamo
        .getItem(
            r ->
                r.tableName(world.accounts)
                    .key(DynamoAccountRepository.accountKey(accountId))
                    .consistentRead(true))
        .item()
        .get("email")
        .s();
  }

  private DirectoryBackfill.Report runToTheEnd(int unitsPerRun) {
    DirectoryBackfill.Report report;
    int runs = 0;
    do {
      report =
          world
              .retention
              .directoryBackfill()
              .run(world.clock.instant(), Budget.ofUnits(unitsPerRun));
      runs++;
    } while (!report.finished() && runs < 100_000);
    return report;
  }

  @Test
  void everyOldAccountGetsItsSealedAddressAndItsStatusInTheDirectory() {
    String active = oldAccount();
    String pending = oldAccount();
    world.dynamo.updateItem(
        r ->
            r.tableName(world.accounts)
                .key(DynamoAccountRepository.accountKey(pending))
                .updateExpression("SET #s = :p")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("deletion_pending"))));

    DirectoryBackfill.Report report = runToTheEnd(1_000);

    assertThat(report.finished()).isTrue();
    assertThat(directory.find(active))
        .contains(new AccountAddresses.Entry(active, sealedEmailOf(active), true));
    assertThat(directory.find(pending))
        .contains(new AccountAddresses.Entry(pending, sealedEmailOf(pending), false));
  }

  @Test
  void
      aBackfillStoppedByItsBudgetContinuesWhereItStoppedWritesEachEntryOnceAndItsPositionExpires() {
    List<String> old = List.of(oldAccount(), oldAccount(), oldAccount(), oldAccount());

    DirectoryBackfill.Report first =
        world.retention.directoryBackfill().run(world.clock.instant(), Budget.ofUnits(1));
    assertThat(first.finished()).isFalse();
    // The saved position (an account's table key, perhaps erased since) expires.
    assertThat(progress().get(Tables.EXPIRES_AT).n())
        .isEqualTo(
            Long.toString(world.clock.instant().plus(PassCursors.LIFETIME).getEpochSecond()));
    DirectoryBackfill.Report last = runToTheEnd(1);

    assertThat(last.finished()).isTrue();
    assertThat(progress()).doesNotContainKeys("cursor", Tables.EXPIRES_AT);
    old.forEach(id -> assertThat(directory.find(id)).isPresent());
    // Finished means finished: running again reads nothing and writes nothing.
    DirectoryBackfill.Report again =
        world.retention.directoryBackfill().run(world.clock.instant(), Budget.ofUnits(1));
    assertThat(again).isEqualTo(last);
    // One entry per account, in the index of active accounts too.
    List<String> active = activeIds();
    old.forEach(id -> assertThat(active.stream().filter(id::equals)).hasSize(1));
  }

  private Map<String, AttributeValue> progress() {
    return world
        .dynamo
        .getItem(
            r ->
                r.tableName(world.retentionTable)
                    .key(
                        Map.of(
                            Tables.PK, AttributeValue.fromS("BACKFILL#directory"),
                            Tables.SK, AttributeValue.fromS("PROGRESS"))))
        .item();
  }

  @Test
  void anEntryWrittenAtSignUpOrChangedSinceIsNeverOverwritten() {
    String signedUp = world.signUpAndVerify(email(), "violet-kettle-harbour-58", "1990-04-12");
    String old = oldAccount();
    // The entry says inactive (a deletion was filed) while the account item still says active.
    directory.register(old, "sealed-elsewhere", false, Instant.parse("2031-01-01T00:00:00Z"));
    AccountAddresses.Entry signedUpEntry = directory.find(signedUp).orElseThrow();

    runToTheEnd(1_000);

    assertThat(directory.find(signedUp)).contains(signedUpEntry);
    assertThat(directory.find(old))
        .contains(new AccountAddresses.Entry(old, "sealed-elsewhere", false));
  }

  @Test
  void anAccountErasedWhileTheBackfillRanGetsNoEntryBack() {
    String erased = oldAccount();
    DirectoryBackfill backfill =
        new DirectoryBackfill(
            new dev.privacyfirst.rights.domain.ExistingAccounts() {
              private final dev.privacyfirst.rights.domain.ExistingAccounts real =
                  dev.privacyfirst.accounts.adapter.AccountsWiring.existingAccounts(
                      world.config, world.dynamo);

              @Override
              public Page page(String cursor, int limit) {
                Page page = real.page(cursor, limit);
                // The purge erases the account between the read and the write.
                if (page.accounts().stream().anyMatch(a -> a.accountId().equals(erased))) {
                  world.dynamo.deleteItem(
                      r ->
                          r.tableName(world.accounts)
                              .key(DynamoAccountRepository.accountKey(erased)));
                }
                return page;
              }

              @Override
              public boolean exists(String accountId) {
                return real.exists(accountId);
              }
            },
            directory,
            new dev.privacyfirst.rights.adapter.DynamoBackfillProgress(
                world.dynamo, world.retentionTable, world.clock));

    DirectoryBackfill.Report report;
    do {
      report = backfill.run(world.clock.instant(), Budget.ofUnits(1_000));
    } while (!report.finished());

    assertThat(directory.find(erased)).isEmpty();
  }

  @Test
  void theOperatorRunsTheBackfillAndANoticeToEveryoneThenReachesOldAccounts() {
    String old = oldAccount();
    RetentionOperatorHandler operator =
        new RetentionOperatorHandler(
            world.retention.requests(),
            world.retention.holds(),
            world.retention.engine(),
            world.retention.notices(),
            world.retention.holdPasses(),
            world.retention.directoryBackfill(),
            world.clock);

    Map<String, Object> answer;
    do {
      answer = operator.handleRequest(Map.of("action", "backfillDirectory"), null);
    } while (!Boolean.TRUE.equals(answer.get("finished")));
    assertThat((Long) answer.get("accountsRead")).isPositive();

    NoticeBroadcast.Report sent =
        world
            .retention
            .notices()
            .run(
                "policy-" + UUID.randomUUID(),
                new Notice("policy-change", "Our policy changes", List.of("What changes.")),
                Instant.MAX);
    assertThat(sent.finished()).isTrue();
    assertThat(world.notices).anyMatch(n -> n.getKey().equals(old));
  }

  private List<String> activeIds() {
    List<String> ids = new java.util.ArrayList<>();
    String cursor = null;
    do {
      AccountAddresses.ActivePage page = directory.active(cursor, 100);
      ids.addAll(page.accountIds());
      cursor = page.cursor();
    } while (cursor != null);
    return ids;
  }
}
