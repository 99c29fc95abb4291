package dev.privacyfirst.retention.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.retention.RetentionWorld;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.Subject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An account's hold is answerable by its analytics pseudonym (all that ingestion and a customer's
 * deletion task know of the account), through the contract's {@link Holds} port, on DynamoDB Local.
 */
@Tag("emulators")
class HoldsByPseudonymTest {
  private RetentionWorld world;
  private Holds holds;

  @BeforeEach
  void setUp() {
    world = new RetentionWorld(Duration.ofDays(7));
    holds = world.contract.holds();
  }

  private String pseudonymOfNewAccount() {
    return world.contract.pseudonyms().of("account-" + UUID.randomUUID());
  }

  @Test
  void anAccountHoldIsFoundByItsPseudonymUntilItIsLifted() {
    String account = "account-" + UUID.randomUUID();
    String pseudonym = world.contract.pseudonyms().of(account);
    String other = pseudonymOfNewAccount();
    assertThat(holds.heldAnalyticsIds(List.of(pseudonym, other))).isEmpty();

    world.retention.holds().place(Subject.account(account), "subpoena", world.clock.instant());
    assertThat(holds.heldAnalyticsIds(List.of(pseudonym, other))).containsExactly(pseudonym);

    assertThat(
            world.retention.holds().lift(Subject.account(account), "closed", world.clock.instant()))
        .isTrue();
    assertThat(holds.heldAnalyticsIds(List.of(pseudonym, other))).isEmpty();
    assertThat(holds.isHeld(Subject.account(account))).isFalse();
  }

  @Test
  void theRecordUnderThePseudonymNamesNeitherTheAccountNorTheReason() {
    String account = "account-" + UUID.randomUUID();
    String pseudonym = world.contract.pseudonyms().of(account);
    world
        .retention
        .holds()
        .place(Subject.account(account), "grand jury 2031-4", world.clock.instant());

    List<Map<String, AttributeValue>> records =
        world
            .dynamo
            .scanPaginator(
                r ->
                    r.tableName(world.retentionTable)
                        .filterExpression("contains(#p, :id)")
                        .expressionAttributeNames(Map.of("#p", Tables.PK))
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(pseudonym))))
            .items()
            .stream()
            .toList();
    assertThat(records).hasSize(1);
    assertThat(records.getFirst().toString()).doesNotContain(account).doesNotContain("grand jury");
  }

  @Test
  void aBatchOfMoreThanAHundredIdsIsAnsweredAndIdsThatCannotBePseudonymsAreIgnored() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      ids.add(pseudonymOfNewAccount());
    }
    ids.add("visitor-1");
    ids.add("");
    String account = "account-" + UUID.randomUUID();
    String held = world.contract.pseudonyms().of(account);
    ids.add(held);
    ids.add(held);
    String alsoHeld = "account-" + UUID.randomUUID();
    ids.add(120, world.contract.pseudonyms().of(alsoHeld));
    world.retention.holds().place(Subject.account(account), "subpoena", world.clock.instant());
    world.retention.holds().place(Subject.account(alsoHeld), "subpoena", world.clock.instant());

    assertThat(holds.heldAnalyticsIds(ids))
        .containsExactlyInAnyOrder(held, world.contract.pseudonyms().of(alsoHeld));
  }

  @Test
  void aProjectHoldIsNotAHoldOnAnyPseudonymAndLiftingNoHoldChangesNothing() {
    String pseudonym = pseudonymOfNewAccount();
    world
        .retention
        .holds()
        .place(Subject.project("project-" + UUID.randomUUID()), "audit", world.clock.instant());
    assertThat(holds.heldAnalyticsIds(List.of(pseudonym))).isEmpty();

    String account = "account-" + UUID.randomUUID();
    assertThat(
            world.retention.holds().lift(Subject.account(account), "none", world.clock.instant()))
        .isFalse();
    world.retention.holds().place(Subject.account(account), "subpoena", world.clock.instant());
    // Placing twice (an operator retrying) leaves one hold that one lift removes.
    world.retention.holds().place(Subject.account(account), "subpoena", world.clock.instant());
    assertThat(
            world.retention.holds().lift(Subject.account(account), "closed", world.clock.instant()))
        .isTrue();
    assertThat(holds.heldAnalyticsIds(List.of(world.contract.pseudonyms().of(account)))).isEmpty();
  }
}
