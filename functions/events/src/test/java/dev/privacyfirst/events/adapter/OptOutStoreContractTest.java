package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.OptOutStore;
import dev.privacyfirst.events.domain.TrackingPreferences;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@link OptOutStore} port's behaviours, on DynamoDB Local and in memory. */
class OptOutStoreContractTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  abstract static class Contract {
    final EventsPorts ports = ports();
    final OptOutStore optOuts = ports.optOuts();
    final String project = EventsPorts.newProject();

    abstract EventsPorts ports();

    @Test
    void aTrackingOptOutIsReportedForThatDistinctIdOnly() {
      optOuts.setOptOut(project, "out", OptOutKind.TRACKING, true, NOW);

      assertThat(optOuts.trackingOptedOut(project, List.of("out", "in", "never-seen")))
          .containsExactly("out");
      assertThat(optOuts.preferences(project, "out"))
          .isEqualTo(new TrackingPreferences(true, false));
      assertThat(optOuts.preferences(project, "in")).isEqualTo(TrackingPreferences.NONE);
    }

    @Test
    void optingBackInEndsTheTrackingOptOut() {
      optOuts.setOptOut(project, "u", OptOutKind.TRACKING, true, NOW);
      optOuts.setOptOut(project, "u", OptOutKind.TRACKING, false, NOW.plusSeconds(1));

      assertThat(optOuts.trackingOptedOut(project, List.of("u"))).isEmpty();
    }

    @Test
    void aSharingOptOutIsKeptWithoutStoppingTracking() {
      optOuts.setOptOut(project, "u", OptOutKind.SHARING, true, NOW);

      assertThat(optOuts.trackingOptedOut(project, List.of("u"))).isEmpty();
      assertThat(optOuts.preferences(project, "u")).isEqualTo(new TrackingPreferences(false, true));
    }

    @Test
    void aDailyOptOutOfACookielessVisitorStopsItsTracking() {
      optOuts.setDailyOptOut(project, "visitor", NOW.getEpochSecond() + 3600, NOW);

      assertThat(optOuts.trackingOptedOut(project, List.of("visitor"))).containsExactly("visitor");
    }

    @Test
    void anOptOutHoldsInItsOwnProjectOnly() {
      String other = EventsPorts.newProject();
      optOuts.setOptOut(project, "u", OptOutKind.TRACKING, true, NOW);

      assertThat(optOuts.trackingOptedOut(other, List.of("u"))).isEmpty();
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
