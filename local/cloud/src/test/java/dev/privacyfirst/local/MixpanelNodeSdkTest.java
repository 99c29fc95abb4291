package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mixpanel's official Node.js SDK (pinned in src/test/mixpanel-node/package-lock.json, installed by
 * {@code npm ci} here) with only its host changed, through the local cloud: every call reports
 * success and lands. Its /import needs HTTPS (the SDK refuses to send a secret over HTTP), which
 * the local cloud does not serve, so /import is covered by the Java SDK instead
 * (MixpanelJavaSdkTest).
 */
@WithLocalCloud(ses = false)
class MixpanelNodeSdkTest {
  private static final Path SDK_DIR = Path.of("src/test/mixpanel-node").toAbsolutePath();
  private static LocalCloud cloud;

  @BeforeAll
  static void start(LocalCloud started) throws Exception {
    NpmTestPackage.ensureInstalled(SDK_DIR, "node_modules/mixpanel/package.json")
        .ifPresent(
            reason -> {
              System.out.println("SKIPPED: " + reason);
              Assumptions.abort(reason);
            });
    cloud = started;
  }

  @Test
  void theNodeSdkTracksAndUpdatesProfilesWithNothingButItsHostChanged() throws Exception {
    ObjectNode create = CloudUser.JSON.createObjectNode();
    create.put("action", "create");
    create.put("name", "Node " + UUID.randomUUID());
    JsonNode project = CloudUser.invoke(cloud, "EventProjects", create);
    String distinctId = "node-" + UUID.randomUUID();

    Process node =
        new ProcessBuilder(
                "node",
                "send.js",
                Integer.toString(cloud.port()),
                project.path("token").asText(),
                distinctId)
            .directory(SDK_DIR.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), UTF_8);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    JsonNode results = CloudUser.JSON.readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
    assertThat(results.size()).as(output).isEqualTo(10);
    results
        .fields()
        .forEachRemaining(
            e -> assertThat(e.getValue().isNull()).as(e.getKey() + ": " + e.getValue()).isTrue());

    JsonNode exported = export(project, "distinct_id=" + enc(distinctId));
    assertThat(exported.path("events").findValuesAsText("event"))
        .containsExactlyInAnyOrder("Node event", "Node batch A", "Node batch B");
    JsonNode profile = exported.path("profile");
    assertThat(profile.path("name").asText()).isEqualTo("Ada");
    assertThat(profile.path("first").asText()).isEqualTo("yes");
    assertThat(profile.path("visits").asInt()).isEqualTo(2);
    assertThat(profile.path("pages").toString()).isEqualTo("[\"/a\"]");
    assertThat(profile.path("tags").toString()).isEqualTo("[\"y\"]");
    assertThat(profile.has("gone")).isFalse();
    JsonNode group = export(project, "group_key=company&group_id=node-co");
    assertThat(group.path("profile").path("name").asText()).isEqualTo("Node Co");
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, UTF_8);
  }

  private static JsonNode export(JsonNode project, String query) throws Exception {
    return CloudUser.eventsExport(cloud, project, query);
  }
}
