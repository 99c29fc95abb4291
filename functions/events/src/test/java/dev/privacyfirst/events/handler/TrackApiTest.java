package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * /track: its body forms, the web beacon, enrichment without the IP, dedup of retried batches,
 * CORS.
 */
class TrackApiTest extends EventsApiTestBase {
  @Test
  void trackAcceptsABase64DataFormAndAnswersOne() {
    CreatedProject p = project();
    String data =
        Base64.getEncoder()
            .encodeToString(
                ("[" + event(p.project().token(), "Viewed", "u-form", "f1") + "]")
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse response =
        ingestion.handle(
            Request.post("/track")
                .header("content-type", "application/x-www-form-urlencoded")
                .body("data=" + java.net.URLEncoder.encode(data, StandardCharsets.UTF_8))
                .build());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("1");
    assertThat(export(p, "u-form").path("events")).hasSize(1);
  }

  @Test
  void trackVerboseAnswersMixpanelsStatusObject() {
    CreatedProject p = project();
    HttpResponse response =
        ingestion.handle(
            Request.post("/track")
                .query("verbose", "1")
                .json(event(p.project().token(), "Viewed", "u-verbose", "v1"))
                .build());
    assertThat(response.bodyText()).isEqualTo("{\"status\":1,\"error\":null}");
  }

  @Test
  void trackAcceptsGzipBodies() throws IOException {
    CreatedProject p = project();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(
          ("[" + event(p.project().token(), "Viewed", "u-gzip", "g1") + "]")
              .getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse response =
        ingestion.handle(
            Request.post("/track")
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body(bytes.toByteArray())
                .build());
    assertThat(response.bodyText()).isEqualTo("1");
    assertThat(export(p, "u-gzip").path("events")).hasSize(1);
  }

  @Test
  void theWebBeaconAnswersAOnePixelGif() {
    CreatedProject p = project();
    String data =
        Base64.getEncoder()
            .encodeToString(
                event(p.project().token(), "Email opened", "u-pixel", "px1")
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse response =
        ingestion.handle(Request.get("/track").query("data", data).query("img", "1").build());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("content-type")).isEqualTo("image/gif");
    assertThat(response.body()).isEqualTo(TrackingApiHandler.PIXEL);
    assertThat(export(p, "u-pixel").path("events")).hasSize(1);
  }

  @Test
  void theSampleTrackEventIsStoredWithLocationAndDeviceButNoIp() {
    CreatedProject p = project();
    // The sample came through the deployment's CloudFront distribution, which vouches for it.
    TrackingApiHandler behindCloudFront =
        new TrackingApiHandler(module, ClientContexts.behindCloudFront("sample-verify"));
    HttpResponse response =
        behindCloudFront.handle(
            TestSupport.sample(
                "TrackingApi/track-json-body.json",
                Map.of(
                    "/body/0/properties/token",
                    p.project().token(),
                    "/body/0/properties/time",
                    nowSeconds(),
                    "/headers/x-origin-verify",
                    "sample-verify")));
    assertThat(response.bodyText()).isEqualTo("{\"status\":1,\"error\":null}");
    JsonNode props = export(p, "sample-user-1").path("events").get(0).path("properties");
    assertThat(props.path("mp_country_code").asText()).isEqualTo("DE");
    assertThat(props.path("$city").asText()).isEqualTo("Berlin");
    assertThat(props.path("$browser").asText()).isEqualTo("Chrome");
    assertThat(props.path("$os").asText()).isEqualTo("Mac OS X");
    assertThat(props.has("token")).isFalse();
    assertThat(props.toString()).doesNotContain("203.0.113.77");
  }

  // --- dedup ---

  @Test
  void aRetriedBatchIsNotCountedTwice() {
    CreatedProject p = project();
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      if (i > 0) {
        batch.append(',');
      }
      batch.append(event(null, "Purchase", "u-retry", "r" + i));
    }
    batch.append(']');
    for (int attempt = 0; attempt < 2; attempt++) {
      HttpResponse response =
          ingestion.handle(
              Request.post("/import")
                  .header("authorization", basic(p.secret()))
                  .json(batch.toString())
                  .build());
      assertThat(response.bodyText())
          .isEqualTo("{\"code\":200,\"num_records_imported\":60,\"status\":\"OK\"}");
    }
    // The same events without $insert_id, sent twice, also count once (content-derived id).
    String noIds =
        "[{\"event\":\"Open\",\"properties\":{\"distinct_id\":\"u-retry\",\"time\":"
            + nowSeconds()
            + "}}]";
    for (int attempt = 0; attempt < 2; attempt++) {
      ingestion.handle(
          Request.post("/import").header("authorization", basic(p.secret())).json(noIds).build());
    }
    assertThat(export(p, "u-retry").path("events")).hasSize(61);
  }

  @Test
  void corsFollowsTheProjectsAllowedOrigins() {
    CreatedProject p = project(DntMode.DROP, false, List.of("https://app.example.com"));
    HttpResponse preflight =
        ingestion.handle(
            new Request("OPTIONS", "/track").header("origin", "https://app.example.com").build());
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers())
        .containsEntry("access-control-allow-origin", "https://app.example.com")
        .containsEntry("access-control-allow-credentials", "true");
    HttpResponse allowed =
        track(
            event(p.project().token(), "Viewed", "u-cors", "c1"),
            "origin",
            "https://app.example.com");
    assertThat(allowed.bodyText()).isEqualTo("1");
    assertThat(allowed.headers())
        .containsEntry("access-control-allow-origin", "https://app.example.com");
    HttpResponse refused =
        track(
            event(p.project().token(), "Viewed", "u-cors", "c2"), "origin", "https://evil.example");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers()).doesNotContainKey("access-control-allow-origin");
    assertThat(export(p, "u-cors").path("events")).hasSize(1);
  }
}
