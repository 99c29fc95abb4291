package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.ContractEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.DistinctIdData;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.events.domain.TrackingPreferences;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@link DistinctIdData} port's behaviours, on DynamoDB Local and in memory. */
class DistinctIdDataContractTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  abstract static class Contract {
    final EventsPorts ports = ports();
    final DistinctIdData data = ports.distinctIds();
    final String project = EventsPorts.newProject();

    abstract EventsPorts ports();

    private void events(String distinctId, int count) {
      List<StoredEvent> events = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        events.add(event(project, distinctId, T.plusSeconds(i)));
      }
      ports.events().putEvents(events);
    }

    private void profile(String distinctId) {
      ports
          .profiles()
          .applyProfile(
              project,
              distinctId,
              new ProfileOp.Set(Map.of("name", TextNode.valueOf("Alice")), false),
              4_000_000_000L);
    }

    @Test
    void anExportPagesThroughTheEventsWithTheProfileOnTheFirstPageAndThePreferencesOnEach() {
      events("u", 5);
      profile("u");
      ports.optOuts().setOptOut(project, "u", OptOutKind.SHARING, true, T);

      ExportPage first = data.export(project, "u", null, 2);
      ExportPage second = data.export(project, "u", first.nextCursor(), 2);
      ExportPage third = data.export(project, "u", second.nextCursor(), 2);

      assertThat(first.events())
          .extracting(ExportPage.ExportedEvent::timeMs)
          .containsExactly(T.toEpochMilli(), T.plusSeconds(1).toEpochMilli());
      assertThat(first.profile()).containsOnlyKeys("name");
      assertThat(second.events()).hasSize(2);
      assertThat(second.profile()).isEmpty();
      assertThat(third.events())
          .extracting(ExportPage.ExportedEvent::timeMs)
          .containsExactly(T.plusSeconds(4).toEpochMilli());
      assertThat(third.nextCursor()).isNull();
      assertThat(third.preferences()).isEqualTo(new TrackingPreferences(false, true));
    }

    @Test
    void aCursorThatIsNotAnEventsKeyIsRefused() {
      String profileKey =
          Base64.getUrlEncoder().encodeToString("PROF#name".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> data.export(project, "u", profileKey, 10))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletionWithinABudgetContinuesUntilDoneAndKeepsTheOptOut() {
      events("u", 5);
      profile("u");
      ports.optOuts().setOptOut(project, "u", OptOutKind.TRACKING, true, T);

      DeleteProgress first = data.deleteDistinctId(project, "u", 3);
      DeleteProgress rest = data.deleteDistinctId(project, "u", 100);

      assertThat(first).isEqualTo(new DeleteProgress(3, false));
      assertThat(rest).isEqualTo(new DeleteProgress(3, true));
      assertThat(data.export(project, "u", null, 10).events()).isEmpty();
      assertThat(data.export(project, "u", null, 10).profile()).isEmpty();
      assertThat(ports.optOuts().trackingOptedOut(project, List.of("u"))).containsExactly("u");
    }

    @Test
    void deletingOneDistinctIdLeavesAnothersData() {
      events("leaving", 2);
      events("staying", 2);

      data.deleteDistinctId(project, "leaving", 100);

      assertThat(data.export(project, "staying", null, 10).events()).hasSize(2);
    }
  }

  @Nested
  @Tag("emulators")
  class OnDynamoDbLocal extends Contract {
    @Override
    EventsPorts ports() {
      return EventsPorts.dynamoDb();
    }
  }

  @Nested
  class InMemory extends Contract {
    @Override
    EventsPorts ports() {
      return EventsPorts.inMemory();
    }
  }
}
