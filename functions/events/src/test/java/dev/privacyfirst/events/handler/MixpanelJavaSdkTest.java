package dev.privacyfirst.events.handler;

import static dev.privacyfirst.events.handler.TestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.mixpanel.mixpanelapi.ClientDelivery;
import com.mixpanel.mixpanelapi.MessageBuilder;
import com.mixpanel.mixpanelapi.MixpanelAPI;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mixpanel's own Java SDK, pointed at a small HTTP server that turns its requests into API Gateway
 * HTTP API events for the real handler (as the local cloud does), delivers events that then appear
 * in the export.
 */
@Tag("emulators")
class MixpanelJavaSdkTest {
  static EventsWiring module;
  static TrackingApiHandler ingestion;
  static EventsPrivacyApiHandler privacy;
  static HttpServer server;
  static String base;

  @BeforeAll
  static void start() throws IOException {
    module = EventsWiring.create(TestSupport.config(), Clock.systemUTC());
    ingestion = new TrackingApiHandler(module);
    privacy = new EventsPrivacyApiHandler(module);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", MixpanelJavaSdkTest::serve);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static void serve(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRouteKey(method + " " + path)
            .withRawPath(path)
            .withHeaders(headers)
            .withQueryStringParameters(query.isEmpty() ? null : query)
            .withBody(Base64.getEncoder().encodeToString(body))
            .withIsBase64Encoded(true)
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withRequestId("sdk")
                    .withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                            .withMethod(method)
                            .withPath(path)
                            .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                            .build())
                    .build())
            .build();
    HttpResponse response = ingestion.handle(event);
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(response.status(), response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
  }

  @Test
  void theMixpanelJavaSdkDeliversEventsThatAppearInTheExport() throws IOException {
    CreatedProject p = module.projects().create("sdk", 365, DntMode.DROP, false, List.of());
    MessageBuilder messages = new MessageBuilder(p.project().token());
    ClientDelivery delivery = new ClientDelivery();
    JSONObject props = new JSONObject();
    props.put("plan", "pro");
    delivery.addMessage(messages.event("sdk-user", "Signed up", props));
    delivery.addMessage(
        messages.event("sdk-user", "Uploaded a file", new JSONObject().put("size", 42)));
    delivery.addMessage(messages.set("sdk-user", new JSONObject().put("$name", "SDK user")));
    MixpanelAPI api = new MixpanelAPI(base + "/track", base + "/engage");
    api.deliver(delivery); // throws MixpanelServerException unless every POST answers "1"

    HttpResponse export =
        privacy.handle(
            new TestSupport.Request("GET", "/v1/events/export")
                .query("distinct_id", "sdk-user")
                .header("authorization", basic(p.secret()))
                .build());
    JsonNode body = Json.MAPPER.readTree(export.body());
    assertThat(body.path("events")).hasSize(2);
    assertThat(body.path("events").findValuesAsText("event"))
        .containsExactlyInAnyOrder("Signed up", "Uploaded a file");
    assertThat(body.path("profile").path("$name").asText()).isEqualTo("SDK user");
    assertThat(body.path("events").get(0).path("properties").path("mp_lib").isTextual()).isTrue();
  }
}
