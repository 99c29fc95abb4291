package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /import: authenticated by the project secret, strict about bad events, up to five years old. */
class ImportApiTest extends EventsApiTestBase {
  @Test
  void strictImportReportsBadEventsByIndexAndStoresTheGoodOnes() {
    CreatedProject p = project();
    HttpResponse response =
        ingestion.handle(
            TestSupport.sample(
                "TrackingApi/import-strict.json",
                Map.of(
                    "/headers/authorization",
                    basic(p.secret()),
                    "/body/0/properties/time",
                    nowSeconds() - 3 * 86_400,
                    "/body/1/properties/time",
                    nowSeconds() - 3 * 86_400)));
    assertThat(response.status()).isEqualTo(400);
    JsonNode body = read(response);
    assertThat(body.path("num_records_imported").asInt()).isEqualTo(1);
    assertThat(body.path("failed_records")).hasSize(1);
    assertThat(body.path("failed_records").get(0).path("index").asInt()).isEqualTo(1);
    assertThat(body.path("failed_records").get(0).path("$insert_id").asText())
        .isEqualTo("imp-0002");
    assertThat(body.path("failed_records").get(0).path("field").asText()).isEqualTo("event");
    JsonNode export = export(p, "sample-user-2");
    assertThat(export.path("events")).hasSize(1);
    assertThat(export.path("events").get(0).path("properties").has("ip")).isFalse();
  }

  @Test
  void importAcceptsEventsUpToFiveYearsOldButNotOlder() {
    CreatedProject p = module.projects().create("long", 5 * 366, DntMode.DROP, false, List.of());
    long fourYears = nowSeconds() - 4L * 365 * 86_400;
    long sixYears = nowSeconds() - 6L * 365 * 86_400;
    HttpResponse response =
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json(
                    "[{\"event\":\"Old\",\"properties\":{\"distinct_id\":\"u-old\",\"time\":"
                        + fourYears
                        + "}},{\"event\":\"Older\",\"properties\":{\"distinct_id\":\"u-old\",\"time\":"
                        + sixYears
                        + "}}]")
                .build());
    assertThat(response.status()).isEqualTo(400);
    assertThat(read(response).path("failed_records").get(0).path("field").asText())
        .isEqualTo("properties.time");
    assertThat(export(p, "u-old").path("events")).hasSize(1);
    // Old events go through /import, not /track.
    HttpResponse tracked =
        track(
            "{\"event\":\"Old\",\"properties\":{\"token\":\""
                + p.project().token()
                + "\",\"distinct_id\":\"u-old\",\"time\":"
                + (nowSeconds() - 10 * 86_400)
                + "}}");
    assertJsonError(tracked, 400);
  }

  @Test
  void importWithABadSecretIsUnauthorized() {
    project();
    assertJsonError(
        ingestion.handle(
            Request.post("/import").header("authorization", basic("nope")).json("[]").build()),
        401);
    assertJsonError(ingestion.handle(Request.post("/import").json("[]").build()), 401);
  }

  @Test
  void importRejectsMoreThan2000Events() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i <= 2000; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"event\":\"e\",\"properties\":{}}");
    }
    batch.append(']');
    assertJsonError(
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json(batch.toString())
                .build()),
        400);
  }

  @Test
  void oversizedBodiesAre413() {
    CreatedProject p = project();
    byte[] big = new byte[TrackingApiHandler.MAX_IMPORT_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertJsonError(
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json("")
                .body(big)
                .build()),
        413);
    byte[] bigTrack = new byte[TrackingApiHandler.MAX_TRACK_BYTES + 1];
    java.util.Arrays.fill(bigTrack, (byte) ' ');
    assertJsonError(ingestion.handle(Request.post("/track").json("").body(bigTrack).build()), 413);
  }
}
