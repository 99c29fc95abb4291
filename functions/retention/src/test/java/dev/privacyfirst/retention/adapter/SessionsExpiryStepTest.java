package dev.privacyfirst.retention.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.retention.domain.PurgeReport;
import dev.privacyfirst.rights.domain.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sessions past their expiry that DynamoDB's TTL has not removed yet: found through their expiry
 * markers (DynamoSessionStore#expireDue) and deleted by the purge's {@code expired-sessions} step.
 * (Here rather than in common: the emulators are a test dependency of this module, not of common.)
 */
@Tag("emulators")
class SessionsExpiryStepTest {
  private RetentionWorld world;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(Duration.ofDays(7));
  }

  private static String newHash() {
    return UUID.randomUUID().toString().replace("-", "")
        + UUID.randomUUID().toString().replace("-", "");
  }

  private String putSession(String accountId, Instant expiresAt) {
    String hash = newHash();
    world.sessions.put(new Session(hash, accountId, world.clock.instant(), expiresAt));
    return hash;
  }

  /** The expiry markers of a session, read from every marker shard. */
  private List<String> markersOf(String hash) {
    List<String> found = new ArrayList<>();
    for (int shard = 0; shard < 8; shard++) {
      String partition = "SESSIONEXP#" + shard;
      world
          .dynamo
          .query(
              r ->
                  r.tableName(world.sessionsTable)
                      .keyConditionExpression("#p = :p")
                      .expressionAttributeNames(Map.of("#p", Tables.PK))
                      .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                      .consistentRead(true))
          .items()
          .forEach(
              item -> {
                String sk = item.get(Tables.SK).s();
                if (sk.endsWith("#" + hash)) {
                  assertThat(item).containsKey(Tables.EXPIRES_AT);
                  found.add(sk);
                }
              });
    }
    return found;
  }

  private void expireAllDue(Instant now) {
    while (world.sessions.expireDue(now, 25) == 25) {
      // keep going until a batch finds fewer than asked
    }
  }

  @Test
  void anExpiredSessionIsDeletedWithItsMarkerAndALiveOneIsKept() {
    Instant now = world.clock.instant();
    String account = "acc-" + UUID.randomUUID();
    String expired = putSession(account, now.minus(Duration.ofHours(1)));
    String dueNow = putSession(account, now);
    String live = putSession(account, now.plusSeconds(1));
    assertThat(markersOf(expired)).hasSize(1);

    expireAllDue(now);

    assertThat(world.sessions.find(expired)).isEmpty();
    assertThat(markersOf(expired)).isEmpty();
    assertThat(world.sessions.find(dueNow)).isEmpty();
    assertThat(markersOf(dueNow)).isEmpty();
    assertThat(world.sessions.find(live)).isPresent();
    assertThat(markersOf(live)).hasSize(1);
  }

  @Test
  void aSessionWrittenAgainWithALaterExpiryIsNotCutShortByItsOldMarker() {
    Instant now = world.clock.instant();
    String account = "acc-" + UUID.randomUUID();
    String hash = newHash();
    world.sessions.put(new Session(hash, account, now, now.minus(Duration.ofMinutes(5))));
    world.sessions.put(new Session(hash, account, now, now.plus(Duration.ofDays(1))));
    assertThat(markersOf(hash)).hasSize(2);

    expireAllDue(now);

    assertThat(world.sessions.find(hash)).isPresent();
    assertThat(markersOf(hash)).hasSize(1);
  }

  @Test
  void revokingSessionsAlsoRemovesTheirMarkers() {
    Instant now = world.clock.instant();
    String account = "acc-" + UUID.randomUUID();
    String one = putSession(account, now.plus(Duration.ofDays(1)));
    String two = putSession(account, now.plus(Duration.ofDays(2)));
    String three = putSession(account, now.plus(Duration.ofDays(3)));

    world.sessions.delete(one);
    assertThat(world.sessions.deleteAllFor(account)).isEqualTo(2);

    assertThat(markersOf(one)).isEmpty();
    assertThat(markersOf(two)).isEmpty();
    assertThat(markersOf(three)).isEmpty();
  }

  @Test
  void expiredSessionsAreDeletedByThePurgeBeforeTtlGetsToThem() {
    String account = "acc-" + UUID.randomUUID();
    List<String> expiring = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      expiring.add(putSession(account, world.clock.instant().plus(Duration.ofHours(1))));
    }
    world.clock.advance(Duration.ofHours(2));
    String live = putSession(account, world.clock.instant().plus(Duration.ofDays(14)));

    PurgeReport report = world.retention.engine().run(world.clock.instant(), Budget.unlimited());

    assertThat(report.expired().get("expired-sessions")).isGreaterThanOrEqualTo(30L);
    for (String hash : expiring) {
      assertThat(world.sessions.find(hash)).isEmpty();
      assertThat(markersOf(hash)).isEmpty();
    }
    assertThat(world.sessions.find(live)).isPresent();
    assertThat(markersOf(live)).hasSize(1);
    assertThat(world.accountItemCount(account)).isEqualTo(1);
  }
}
