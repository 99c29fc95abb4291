package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/**
 * The contract check refuses what the document does not allow, so a passing route test means
 * something.
 */
class ContractValidatorTest {
  private final ContractValidator contract = ContractValidator.load();

  private record Answer(int statusCode, HttpHeaders headers, byte[] body)
      implements HttpResponse<byte[]> {
    static Answer of(int status, String contentType, String body) {
      return new Answer(
          status,
          HttpHeaders.of(Map.of("content-type", List.of(contentType)), (a, b) -> true),
          body.getBytes(UTF_8));
    }

    @Override
    public HttpRequest request() {
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
    }

    @Override
    public Optional<HttpResponse<byte[]>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return URI.create("http://127.0.0.1/");
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }

  @Test
  void aBodyOfTheDocumentedShapePassesAndIsRemembered() {
    contract.check(
        "GET",
        "/v1/me/export",
        Answer.of(
            200,
            "application/json; charset=utf-8",
            "{\"jobId\":\"j1\",\"status\":\"pending\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}"));

    assertThat(contract.checkedStatuses("GET", "/v1/me/export")).containsExactly(200);
  }

  @Test
  void aBodyMissingARequiredMemberFails() {
    assertThatThrownBy(
            () ->
                contract.check(
                    "GET",
                    "/v1/me/export",
                    Answer.of(
                        200, "application/json", "{\"jobId\":\"j1\",\"status\":\"pending\"}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("requestedAt");
  }

  @Test
  void anErrorWithoutTheErrorShapeFails() {
    assertThatThrownBy(
            () ->
                contract.check(
                    "GET", "/v1/me", Answer.of(401, "application/json", "{\"error\":\"x\"}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("message");
  }

  @Test
  void anUndocumentedStatusFails() {
    assertThatThrownBy(
            () ->
                contract.check(
                    "GET",
                    "/v1/me",
                    Answer.of(418, "application/json", "{\"error\":\"x\",\"message\":\"y\"}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("status not documented");
  }

  @Test
  void anUndocumentedContentTypeFails() {
    assertThatThrownBy(() -> contract.check("GET", "/v1/me", Answer.of(200, "text/html", "<p>")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("content type 'text/html' not documented");
  }

  @Test
  void aMixpanelAnswerOtherThanOneOrZeroFails() {
    contract.check("POST", "/track", Answer.of(200, "text/plain; charset=utf-8", "1"));

    assertThatThrownBy(() -> contract.check("POST", "/track", Answer.of(200, "text/plain", "2")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aRouteTheContractLacksFails() {
    assertThatThrownBy(
            () -> contract.check("GET", "/v1/nowhere", Answer.of(200, "application/json", "{}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is not in the contract");
  }
}
