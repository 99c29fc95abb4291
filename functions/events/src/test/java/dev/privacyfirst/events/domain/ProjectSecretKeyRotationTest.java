package dev.privacyfirst.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.crypto.FileSecrets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Project secrets keep authenticating while the events lookup key rotates (the dual lookup). */
class ProjectSecretKeyRotationTest {
  @TempDir Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final MemoryStore store = new MemoryStore();

  private ProjectService service() {
    return new ProjectService(store, new FileSecrets(dir).hash("events-lookup"), clock);
  }

  @Test
  void aSecretStoredUnderTheOldKeyVersionStillFindsItsProjectAfterRotation() {
    var created = service().create("shop", 30, DntMode.DROP, false, List.of());

    new FileSecrets(dir).rotate("events-lookup");

    assertThat(service().bySecret(created.secret()))
        .map(Project::id)
        .contains(created.project().id());
  }

  @Test
  void aProjectCreatedAfterRotationIsStoredAndFoundUnderTheNewVersion() {
    service().create("before", 30, DntMode.DROP, false, List.of());
    new FileSecrets(dir).rotate("events-lookup");
    String hashBefore = List.copyOf(store.bySecret.keySet()).get(0);

    var created = service().create("after", 30, DntMode.DROP, false, List.of());

    String hashAfter =
        store.bySecret.entrySet().stream()
            .filter(e -> e.getValue().id().equals(created.project().id()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    assertThat(hashAfter)
        .isEqualTo(
            new FileSecrets(dir)
                .hash("events-lookup")
                .version(2)
                .orElseThrow()
                .hex("project-secret|" + created.secret()))
        .isNotEqualTo(hashBefore);
    assertThat(service().bySecret(created.secret()))
        .map(Project::id)
        .contains(created.project().id());
  }

  @Test
  void aSecretIsNotFoundOnceTheVersionItWasStoredUnderIsRetired() throws Exception {
    var created = service().create("shop", 30, DntMode.DROP, false, List.of());
    new FileSecrets(dir).rotate("events-lookup");
    java.nio.file.Files.delete(dir.resolve("events-lookup.key"));

    assertThat(service().bySecret(created.secret())).isEmpty();
    assertThat(service().bySecret("not-a-secret")).isEmpty();
  }

  /** In-memory port: the project item and its secret lookups. */
  private static final class MemoryStore implements ProjectStore {
    final Map<String, Project> byId = new HashMap<>();
    final Map<String, Project> bySecret = new HashMap<>();

    @Override
    public void create(Project project, String secretHash) {
      byId.put(project.id(), project);
      bySecret.put(secretHash, project);
    }

    @Override
    public Optional<Project> byId(String projectId) {
      return Optional.ofNullable(byId.get(projectId));
    }

    @Override
    public Optional<Project> byToken(String token) {
      return byId.values().stream().filter(p -> p.token().equals(token)).findFirst();
    }

    @Override
    public Optional<Project> bySecretHash(String secretHash) {
      return Optional.ofNullable(bySecret.get(secretHash));
    }

    @Override
    public List<Project> list() {
      return new ArrayList<>(byId.values());
    }

    @Override
    public Optional<Project> updateAllowedOrigins(String projectId, List<String> allowedOrigins) {
      return Optional.empty();
    }

    @Override
    public void deleteLookups(String projectId) {}

    @Override
    public void delete(String projectId) {}
  }
}
