package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.ProfileStore;
import dev.privacyfirst.events.domain.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@link ProfileStore} port's behaviours, on DynamoDB Local and in memory. */
class ProfileStoreContractTest {
  private static final long EXPIRES = 4_000_000_000L;

  abstract static class Contract {
    final ProfileStore profiles = ports().profiles();
    final String project = EventsPorts.newProject();

    abstract EventsPorts ports();

    private Optional<Violation> set(String distinctId, String name, String value, boolean once) {
      return profiles.applyProfile(
          project,
          distinctId,
          new ProfileOp.Set(Map.of(name, TextNode.valueOf(value)), once),
          EXPIRES);
    }

    @Test
    void setReplacesAValueAndSetOnceKeepsTheFirst() {
      set("u", "plan", "free", false);
      set("u", "plan", "pro", false);
      set("u", "first", "a", true);
      set("u", "first", "b", true);

      assertThat(profiles.profile(project, "u"))
          .containsEntry("plan", TextNode.valueOf("pro"))
          .containsEntry("first", TextNode.valueOf("a"));
    }

    @Test
    void unsetRemovesOnePropertyAndDeleteRemovesTheProfile() {
      set("u", "a", "1", false);
      set("u", "b", "2", false);

      profiles.applyProfile(project, "u", new ProfileOp.Unset(List.of("a")), EXPIRES);
      assertThat(profiles.profile(project, "u")).containsOnlyKeys("b");

      profiles.applyProfile(project, "u", new ProfileOp.Delete(), EXPIRES);
      assertThat(profiles.profile(project, "u")).isEmpty();
    }

    @Test
    void addIncrementsTheStoredNumber() {
      ProfileOp add =
          new ProfileOp.Modify(ProfileOp.Kind.ADD, Map.of("visits", IntNode.valueOf(2)));

      profiles.applyProfile(project, "u", add, EXPIRES);
      profiles.applyProfile(project, "u", add, EXPIRES);

      assertThat(profiles.profile(project, "u").get("visits").asInt()).isEqualTo(4);
    }

    @Test
    void aGroupProfileIsKeptApartFromThePeopleProfiles() {
      profiles.applyGroupProfile(
          project,
          "company",
          "acme",
          new ProfileOp.Set(Map.of("size", IntNode.valueOf(50)), false),
          EXPIRES);

      assertThat(profiles.groupProfile(project, "company", "acme"))
          .containsEntry("size", IntNode.valueOf(50));
      assertThat(profiles.profile(project, "acme")).isEmpty();
      assertThat(profiles.groupProfile(project, "team", "acme")).isEmpty();
    }

    @Test
    void aPropertyNameTooLongForAKeyIsRefusedAndNothingOfTheUpdateIsWritten() {
      Optional<Violation> refused =
          profiles.applyProfile(
              project,
              "u",
              new ProfileOp.Set(
                  Map.of("ok", TextNode.valueOf("1"), "n".repeat(2000), TextNode.valueOf("2")),
                  false),
              EXPIRES);

      assertThat(refused).map(Violation::field).contains("$set");
      assertThat(profiles.profile(project, "u")).isEmpty();
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
