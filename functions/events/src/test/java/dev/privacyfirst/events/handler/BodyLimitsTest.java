package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.EventsApiTestBase.assertJsonError;
import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.handler.TestSupport.Request;
import dev.privacyfirst.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The body limits the README states, and that they fit what API Gateway and Lambda accept. */
@Tag("emulators")
class BodyLimitsTest {
  /** Lambda's synchronous invocation payload limit (6 MB). */
  static final int LAMBDA_PAYLOAD_BYTES = 6 * 1000 * 1000;

  /** API Gateway HTTP API's request payload limit (10 MB). */
  static final int API_GATEWAY_PAYLOAD_BYTES = 10 * 1000 * 1000;

  static EventsWiring module;
  static TrackingApiHandler ingestion;

  @BeforeAll
  static void setUp() {
    module =
        EventsWiring.create(
            TestSupport.config(), new MutableClock(Instant.parse("2099-03-10T12:00:00Z")));
    ingestion = new TrackingApiHandler(module);
  }

  static CreatedProject project() {
    return module
        .projects()
        .create("limits " + UUID.randomUUID(), 30, DntMode.DROP, false, List.of());
  }

  static byte[] spaces(int n) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, (byte) ' ');
    return bytes;
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void theLargestImportBodyStillFitsLambdasPayloadLimitWhenApiGatewayBase64EncodesIt()
      throws IOException {
    APIGatewayV2HTTPEvent event =
        Request.post("/import")
            .header("authorization", basic("s".repeat(64)))
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .header("user-agent", "x".repeat(2048))
            .body(spaces(TrackingApiHandler.MAX_IMPORT_WIRE_BYTES))
            .build();
    assertThat(event.getIsBase64Encoded()).isTrue();
    int eventBytes = Json.MAPPER.writeValueAsBytes(event).length;
    assertThat(eventBytes).isLessThan(LAMBDA_PAYLOAD_BYTES);
    assertThat(TrackingApiHandler.MAX_IMPORT_WIRE_BYTES).isLessThan(API_GATEWAY_PAYLOAD_BYTES);
    assertThat(TrackingApiHandler.MAX_TRACK_BYTES * 4 / 3).isLessThan(LAMBDA_PAYLOAD_BYTES);
  }

  @Test
  void anImportBodyOverFourMebibytesAsSentIs413() {
    CreatedProject p = project();
    assertJsonError(
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json("")
                .body(spaces(TrackingApiHandler.MAX_IMPORT_WIRE_BYTES + 1))
                .build()),
        413);
    // At the limit the body is read (and found empty of events): a 400, not a 413.
    HttpResponse atLimit =
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .json("")
                .body(spaces(TrackingApiHandler.MAX_IMPORT_WIRE_BYTES))
                .build());
    assertThat(atLimit.status()).as(atLimit.bodyText()).isEqualTo(400);
  }

  @Test
  void aGzipImportInflatingPastTenMebibytesIs413() throws IOException {
    CreatedProject p = project();
    assertJsonError(
        ingestion.handle(
            Request.post("/import")
                .header("authorization", basic(p.secret()))
                .header("content-encoding", "gzip")
                .json("")
                .body(gzip(spaces(TrackingApiHandler.MAX_IMPORT_BYTES + 1)))
                .build()),
        413);
  }

  @Test
  void aTrackBodyOverOneMebibyteAsSentIs413AndInflatingPastTwoIs413() throws IOException {
    assertJsonError(
        ingestion.handle(
            Request.post("/track")
                .json("")
                .body(spaces(TrackingApiHandler.MAX_TRACK_BYTES + 1))
                .build()),
        413);
    assertJsonError(
        ingestion.handle(
            Request.post("/track")
                .header("content-encoding", "gzip")
                .json("")
                .body(gzip(spaces(2 * TrackingApiHandler.MAX_TRACK_BYTES + 1)))
                .build()),
        413);
  }
}
