package dev.privacyfirst.events.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.handler.TestSupport.Request;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /engage: profile updates ($set, $unset, $delete) as the export shows them. */
class EngageApiTest extends EventsApiTestBase {
  @Test
  void engageSetsUnsetsAndDeletesProfiles() {
    CreatedProject p = project();
    HttpResponse set =
        ingestion.handle(
            TestSupport.sample(
                "TrackingApi/engage-set.json", Map.of("/body/data/0/$token", p.project().token())));
    assertThat(set.bodyText()).isEqualTo("1");
    ingestion.handle(
        Request.post("/engage")
            .json(
                "[{\"$token\":\""
                    + p.project().token()
                    + "\",\"$distinct_id\":\"sample-user-1\",\"$set\":{\"city\":\"Paris\",\"n\":3}}]")
            .build());
    JsonNode profile = export(p, "sample-user-1").path("profile");
    assertThat(profile.path("plan").asText()).isEqualTo("pro");
    assertThat(profile.path("n").asInt()).isEqualTo(3);
    ingestion.handle(
        Request.post("/engage")
            .json(
                "{\"$token\":\""
                    + p.project().token()
                    + "\",\"$distinct_id\":\"sample-user-1\",\"$unset\":[\"city\"]}")
            .build());
    assertThat(export(p, "sample-user-1").path("profile").has("city")).isFalse();
    ingestion.handle(
        Request.post("/engage")
            .json(
                "{\"$token\":\""
                    + p.project().token()
                    + "\",\"$distinct_id\":\"sample-user-1\",\"$delete\":\"\"}")
            .build());
    assertThat(export(p, "sample-user-1").path("profile")).isEmpty();
    assertJsonError(
        ingestion.handle(
            Request.post("/engage")
                .json("{\"$token\":\"" + p.project().token() + "\",\"$distinct_id\":\"x\"}")
                .build()),
        400);
    assertJsonError(
        ingestion.handle(
            Request.post("/engage")
                .json("{\"$token\":\"nope\",\"$distinct_id\":\"x\",\"$set\":{\"a\":1}}")
                .build()),
        401);
  }
}
