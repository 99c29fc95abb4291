package dev.privacyfirst.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.local.ApiGatewayResponses.LocalResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API contract ({@code api/openapi.yaml}, packaged on the classpath) as the local cloud serves
 * it: {@code GET /_local/openapi.yaml} as written, {@code GET /_local/openapi.json} as JSON (what
 * viewers and generators read), and {@code GET /_local/api} a Swagger UI page showing it, its files
 * from the swagger-ui webjar so the viewer works offline.
 */
final class ApiContract {
  /** Where the pom packages {@code api/openapi.yaml}. */
  static final String RESOURCE = "/dev/privacyfirst/local/api/openapi.yaml";

  private static final String SWAGGER_UI = "/META-INF/resources/webjars/swagger-ui/5.35.0/";

  /** The viewer's files, by name; nothing else is read from the webjar. */
  private static final Map<String, String> VIEWER_FILES =
      Map.of(
          "swagger-ui.css", "text/css; charset=utf-8",
          "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
          "favicon-32x32.png", "image/png");

  private static final String INITIALIZER =
      """
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/_local/openapi.json",
          dom_id: "#swagger-ui",
          deepLinking: true
        });
      };
      """;

  private static final String PAGE =
      """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>API contract (local cloud)</title>
        <link rel="icon" type="image/png" href="/_local/api/favicon-32x32.png">
        <link rel="stylesheet" href="/_local/api/swagger-ui.css">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/_local/api/swagger-ui-bundle.js"></script>
        <script src="/_local/api/initializer.js"></script>
      </body>
      </html>
      """;

  private final byte[] yaml;
  private final byte[] json;

  private ApiContract(byte[] yaml, byte[] json) {
    this.yaml = yaml;
    this.json = json;
  }

  /** Reads the packaged document; fails when it is missing or not YAML. */
  static ApiContract load() {
    try (InputStream in = ApiContract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the API contract " + RESOURCE + " is not packaged");
      }
      byte[] yaml = in.readAllBytes();
      return new ApiContract(yaml, new ObjectMapper().writeValueAsBytes(parse(yaml)));
    } catch (IOException e) {
      throw new UncheckedIOException("the API contract cannot be read", e);
    }
  }

  /**
   * The document as a JSON tree with its YAML anchors resolved (Jackson's YAML reader leaves
   * aliases unresolved; SnakeYAML resolves them), the form the JSON endpoint and validators read.
   */
  static JsonNode parse(byte[] yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(1000);
    options.setAllowDuplicateKeys(false);
    Object tree =
        new Yaml(new SafeConstructor(options)).load(new String(yaml, StandardCharsets.UTF_8));
    return new ObjectMapper().valueToTree(tree);
  }

  /** The document as JSON. */
  byte[] json() {
    return json.clone();
  }

  /** The answer for {@code /_local/<rest>}, or empty when {@code rest} is none of ours. */
  Optional<LocalResponse> handle(String method, String rest) {
    LocalResponse answer;
    if (rest.equals("openapi.json")) {
      answer = body("application/json", json);
    } else if (rest.equals("openapi.yaml")) {
      answer = body("application/yaml; charset=utf-8", yaml);
    } else if (rest.equals("api") || rest.equals("api/")) {
      answer = body("text/html; charset=utf-8", PAGE.getBytes(StandardCharsets.UTF_8));
    } else if (rest.equals("api/initializer.js")) {
      answer = body("text/javascript; charset=utf-8", INITIALIZER.getBytes(StandardCharsets.UTF_8));
    } else if (rest.startsWith("api/") && VIEWER_FILES.containsKey(rest.substring(4))) {
      String name = rest.substring(4);
      answer = body(VIEWER_FILES.get(name), viewerFile(name));
    } else {
      return Optional.empty();
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      LocalResponse refused = ApiGatewayResponses.error(405, "method_not_allowed", "Use GET.");
      refused.headers().put("allow", new ArrayList<>(List.of("GET, HEAD")));
      return Optional.of(refused);
    }
    return Optional.of(answer);
  }

  private static byte[] viewerFile(String name) {
    try (InputStream in = ApiContract.class.getResourceAsStream(SWAGGER_UI + name)) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar lacks " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LocalResponse body(String contentType, byte[] bytes) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", new ArrayList<>(List.of(contentType)));
    headers.put("cache-control", new ArrayList<>(List.of("no-cache")));
    headers.put("x-content-type-options", new ArrayList<>(List.of("nosniff")));
    return new LocalResponse(200, headers, bytes);
  }
}
