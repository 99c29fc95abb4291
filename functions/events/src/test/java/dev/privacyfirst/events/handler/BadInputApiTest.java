package dev.privacyfirst.events.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.handler.TestSupport.Request;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input on /track: a clear 4xx with a JSON error body, and a bad event never drops the good
 * ones.
 */
class BadInputApiTest extends EventsApiTestBase {
  @Test
  void malformedTrackBodiesAre400() {
    assertJsonError(
        ingestion.handle(TestSupport.sample("TrackingApi/track-malformed.json", Map.of())), 400);
    assertJsonError(track("not json and not base64 !!"), 400);
    assertJsonError(track("[]"), 400);
    assertJsonError(track("42"), 400);
    assertJsonError(ingestion.handle(Request.get("/track").build()), 400);
    assertJsonError(
        ingestion.handle(
            Request.post("/track")
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body("not gzip")
                .build()),
        400);
  }

  @Test
  void aTrackBatchOfMoreThan50IsRejected() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 51; i++) {
      batch.append(i == 0 ? "" : ",").append(event(p.project().token(), "e", "u-51", "b" + i));
    }
    assertJsonError(track(batch.append(']').toString()), 400);
  }

  @Test
  void unknownTokensAre401() {
    assertJsonError(track(event("0000", "Viewed", "u-x", "t1")), 401);
    assertJsonError(track(event(null, "Viewed", "u-x", "t1")), 401);
  }

  @Test
  void aBadEventInABatchNeverDropsTheGoodOnes() {
    CreatedProject p = project();
    String longName = "x".repeat(256);
    HttpResponse response =
        ingestion.handle(
            Request.post("/track")
                .query("verbose", "1")
                .json(
                    "["
                        + event(p.project().token(), "Good", "u-mixed", "m1")
                        + ","
                        + event(p.project().token(), longName, "u-mixed", "m2")
                        + ",{\"event\":\"Bad\",\"properties\":{\"token\":\""
                        + p.project().token()
                        + "\",\"distinct_id\":\"u-mixed\",\"time\":\"yesterday\"}}]")
                .build());
    assertThat(response.status()).isEqualTo(200);
    JsonNode body = read(response);
    assertThat(body.path("status").asInt()).isEqualTo(0);
    assertThat(body.path("error").asText()).contains("2 record(s) rejected");
    assertThat(export(p, "u-mixed").path("events")).hasSize(1);
  }

  @Test
  void tooManyPropertiesAreRejectedBySchema() {
    CreatedProject p = project();
    StringBuilder props = new StringBuilder();
    for (int i = 0; i < 256; i++) {
      props.append(",\"p").append(i).append("\":1");
    }
    assertJsonError(
        track(
            "{\"event\":\"Wide\",\"properties\":{\"token\":\""
                + p.project().token()
                + "\",\"distinct_id\":\"u-wide\""
                + props
                + "}}"),
        400);
  }
}
