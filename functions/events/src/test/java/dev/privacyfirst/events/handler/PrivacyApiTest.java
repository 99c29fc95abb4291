package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DeletionTaskExecutor;
import dev.privacyfirst.events.handler.TestSupport.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The privacy API: paginated export, deletion requests run by the purge within its budget, opt-out
 * input.
 */
class PrivacyApiTest extends EventsApiTestBase {
  @Test
  void exportIsPaginated() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      batch.append(i == 0 ? "" : ",").append(event(null, "E" + i, "u-page", "p" + i));
    }
    ingestion.handle(
        Request.post("/import")
            .header("authorization", basic(p.secret()))
            .json(batch + "]")
            .build());
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Request request =
          Request.get("/v1/events/export")
              .query("distinct_id", "u-page")
              .query("limit", "2")
              .header("authorization", basic(p.secret()));
      if (cursor != null) {
        request.query("cursor", cursor);
      }
      JsonNode page = read(privacy.handle(request.build()));
      page.path("events").forEach(e -> seen.add(e.path("event").asText()));
      cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
    } while (cursor != null);
    assertThat(seen).containsExactlyInAnyOrder("E0", "E1", "E2", "E3", "E4");
    assertJsonError(
        privacy.handle(
            Request.get("/v1/events/export")
                .query("distinct_id", "u-page")
                .header("authorization", basic("wrong"))
                .build()),
        401);
    assertJsonError(
        privacy.handle(
            Request.get("/v1/events/export").header("authorization", basic(p.secret())).build()),
        400);
    assertJsonError(
        privacy.handle(
            Request.get("/v1/events/export")
                .query("distinct_id", "u-page")
                .query("cursor", "bm90LWFuLWV2ZW50")
                .header("authorization", basic(p.secret()))
                .build()),
        400);
  }

  @Test
  void aDeletionRequestCompletesAfterThePurgeRunsAndTheExportIsEmpty() {
    CreatedProject p = project();
    ingestion.handle(
        TestSupport.sample(
            "TrackingApi/track-json-body.json",
            Map.of(
                "/body/0/properties/token", p.project().token(),
                "/body/0/properties/time", nowSeconds())));
    ingestion.handle(
        TestSupport.sample(
            "TrackingApi/engage-set.json", Map.of("/body/data/0/$token", p.project().token())));
    assertThat(export(p, "sample-user-1").path("events")).hasSize(1);
    HttpResponse created =
        privacy.handle(
            TestSupport.sample(
                "EventsPrivacyApi/deletion-request.json",
                Map.of("/headers/authorization", basic(p.secret()))));
    assertThat(created.status()).isEqualTo(202);
    String taskId = read(created).path("task_id").asText();
    assertThat(status(p, taskId)).isEqualTo("pending");

    DeletionTaskExecutor.Run run = module.deletions().runDue(clock.instant(), 10_000);
    assertThat(run.tasksCompleted()).isGreaterThanOrEqualTo(1);
    assertThat(status(p, taskId)).isEqualTo("completed");
    JsonNode export = export(p, "sample-user-1");
    assertThat(export.path("events")).isEmpty();
    assertThat(export.path("profile")).isEmpty();

    assertJsonError(
        privacy.handle(
            Request.get("/v1/events/deletions/" + "0".repeat(32))
                .route("/v1/events/deletions/{taskId}", Map.of("taskId", "0".repeat(32)))
                .header("authorization", basic(p.secret()))
                .build()),
        404);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/deletions")
                .header("authorization", basic(p.secret()))
                .json("{\"distinct_ids\":\"x\"}")
                .build()),
        400);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/deletions")
                .header("authorization", basic(p.secret()))
                .json("{not json")
                .build()),
        400);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/deletions").json("{\"distinct_ids\":[\"a\"]}").build()),
        401);
  }

  @Test
  void aDeletionLargerThanTheBudgetResumesOnTheNextRun() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 30; i++) {
      batch.append(i == 0 ? "" : ",").append(event(null, "E", "u-big", "big" + i));
    }
    ingestion.handle(
        Request.post("/import")
            .header("authorization", basic(p.secret()))
            .json(batch + "]")
            .build());
    String taskId =
        read(privacy.handle(
                Request.post("/v1/events/deletions")
                    .header("authorization", basic(p.secret()))
                    .json("{\"distinct_ids\":[\"u-big\"]}")
                    .build()))
            .path("task_id")
            .asText();
    DeletionTaskExecutor.Run first = module.deletions().runDue(clock.instant(), 10);
    assertThat(first.budgetExhausted()).isTrue();
    assertThat(status(p, taskId)).isIn("in progress", "completed");
    while (!status(p, taskId).equals("completed")) {
      module.deletions().runDue(clock.instant(), 10);
    }
    assertThat(export(p, "u-big").path("events")).isEmpty();
  }

  static String status(CreatedProject p, String taskId) {
    HttpResponse response =
        privacy.handle(
            Request.get("/v1/events/deletions/" + taskId)
                .route("/v1/events/deletions/{taskId}", Map.of("taskId", taskId))
                .header("authorization", basic(p.secret()))
                .build());
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return read(response).path("status").asText();
  }

  @Test
  void optOutBadInputIs4xx() {
    assertJsonError(privacy.handle(Request.post("/v1/events/opt-outs").json("{").build()), 400);
    assertJsonError(
        privacy.handle(Request.post("/v1/events/opt-outs").json("{\"distinct_id\":\"a\"}").build()),
        400);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/opt-outs")
                .json("{\"distinct_id\":\"a\",\"token\":\"nope\"}")
                .build()),
        401);
    assertJsonError(
        privacy.handle(
            Request.post("/v1/events/opt-outs")
                .json("{\"distinct_id\":\"a\",\"token\":\"nope\",\"tracking\":\"yes\"}")
                .build()),
        400);
  }
}
