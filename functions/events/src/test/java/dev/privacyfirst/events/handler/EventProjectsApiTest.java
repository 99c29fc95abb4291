package dev.privacyfirst.events.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.testkit.SampleEvents;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's project routes, and every route of the events API served. */
class EventProjectsApiTest extends EventsApiTestBase {
  @Test
  void theOperatorCreatesAndListsProjectsWithoutShowingSecretsAgain() throws IOException {
    Map<String, Object> input =
        Json.MAPPER.readValue(SampleEvents.text("EventProjects", "create-project.json"), Map.class);
    Map<String, Object> created = operator.handleRequest(input, null);
    assertThat(created).containsKeys("projectId", "token", "secret");
    assertThat(created.get("retentionDays")).isEqualTo(365);
    Map<String, Object> listed = operator.handleRequest(Map.of("action", "list"), null);
    assertThat(Json.write(listed)).contains((String) created.get("token"));
    assertThat(Json.write(listed)).doesNotContain((String) created.get("secret"));
    assertThat(operator.handleRequest(Map.of("action", "create", "name", ""), null))
        .containsKey("error");
  }

  @Test
  void theOperatorGivesAProjectANewSecretAndTheOldOneStopsAuthenticating() throws IOException {
    var project = project();
    assertThat(module.projects().bySecret(project.secret())).isPresent();
    Map<String, Object> input =
        Json.MAPPER.readValue(SampleEvents.text("EventProjects", "new-secret.json"), Map.class);
    input.put("projectId", project.project().id());

    Map<String, Object> renewed = operator.handleRequest(input, null);

    assertThat(renewed).containsEntry("projectId", project.project().id()).containsKey("secret");
    assertThat(renewed.get("secret")).isNotEqualTo(project.secret());
    assertThat(module.projects().bySecret(project.secret())).isEmpty();
    assertThat(module.projects().bySecret((String) renewed.get("secret")))
        .map(p -> p.id())
        .contains(project.project().id());
    assertThat(
            operator.handleRequest(
                Map.of("action", "newSecret", "projectId", "no-such-project"), null))
        .containsEntry("error", "not_found");
  }

  @Test
  void allRoutesAreServed() {
    assertThat(ingestion.unservedRoutes()).isEmpty();
    assertThat(privacy.unservedRoutes()).isEmpty();
  }
}
