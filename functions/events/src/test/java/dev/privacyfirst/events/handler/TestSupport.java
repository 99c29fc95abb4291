package dev.privacyfirst.events.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.testkit.SampleEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Emulators, configuration and request builders shared by the module's tests. */
final class TestSupport {
  private TestSupport() {}

  static synchronized Config config() {
    SharedEmulators.get();
    try {
      if (System.getProperty("SECRETS_SOURCE") == null && System.getenv("SECRETS_SOURCE") == null) {
        Path dir = Files.createTempDirectory("events-secrets");
        System.setProperty("SECRETS_SOURCE", "file:" + dir);
      }
      if (System.getProperty("MASTER_KEY") == null && System.getenv("MASTER_KEY") == null) {
        Path dir = Files.createTempDirectory("events-master");
        System.setProperty("MASTER_KEY", "local:" + dir.resolve("master.key"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Config.fromEnvironment();
  }

  static String basic(String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((secret + ":").getBytes(StandardCharsets.UTF_8));
  }

  /** Builds an API Gateway HTTP API v2 request. */
  static final class Request {
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private String routePath;
    private byte[] body;
    private String sourceIp = "192.0.2.10";
    private Map<String, String> pathParameters;

    Request(String method, String path) {
      this.method = method;
      this.path = path;
      this.routePath = path;
    }

    static Request post(String path) {
      return new Request("POST", path);
    }

    static Request get(String path) {
      return new Request("GET", path);
    }

    Request route(String routePath, Map<String, String> pathParameters) {
      this.routePath = routePath;
      this.pathParameters = pathParameters;
      return this;
    }

    Request header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Request query(String name, String value) {
      query.put(name, value);
      return this;
    }

    Request body(String text) {
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    Request body(byte[] bytes) {
      this.body = bytes;
      return this;
    }

    Request json(String text) {
      return header("content-type", "application/json").body(text);
    }

    Request ip(String ip) {
      this.sourceIp = ip;
      return this;
    }

    APIGatewayV2HTTPEvent build() {
      APIGatewayV2HTTPEvent.RequestContext.Http http =
          APIGatewayV2HTTPEvent.RequestContext.Http.builder()
              .withMethod(method)
              .withPath(path)
              .withSourceIp(sourceIp)
              .build();
      APIGatewayV2HTTPEvent.RequestContext context =
          APIGatewayV2HTTPEvent.RequestContext.builder()
              .withHttp(http)
              .withRequestId("test-" + System.nanoTime())
              .build();
      APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder builder =
          APIGatewayV2HTTPEvent.builder()
              .withRouteKey(method + " " + routePath)
              .withRawPath(path)
              .withHeaders(new LinkedHashMap<>(headers))
              .withQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query))
              .withPathParameters(pathParameters)
              .withRequestContext(context);
      if (body != null) {
        builder.withBody(Base64.getEncoder().encodeToString(body)).withIsBase64Encoded(true);
      }
      return builder.build();
    }
  }

  /**
   * The sample {@code <FunctionId>/<file>} with {@code overrides} (JSON pointer to value, see
   * {@link SampleEvents}).
   */
  static APIGatewayV2HTTPEvent sample(String relative, Map<String, ?> overrides) {
    int slash = relative.indexOf('/');
    return SampleEvents.httpApi(
        relative.substring(0, slash), relative.substring(slash + 1), overrides);
  }
}
