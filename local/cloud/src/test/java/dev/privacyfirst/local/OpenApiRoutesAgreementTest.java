package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API contract ({@code api/openapi.yaml}) and the route table agree exactly, and the document
 * is a valid OpenAPI 3.1 document. Adding a route to {@code Routes} without its entry in the
 * contract (or the reverse) fails here, naming the routes.
 */
class OpenApiRoutesAgreementTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");

  private final JsonNode document = ContractValidator.document();

  @Test
  void theDocumentParsesAsOpenApi31WithoutAnyMessage() throws IOException {
    String yaml = new String(ContractValidator.yaml(), StandardCharsets.UTF_8);
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);

    assertThat(result.getMessages()).as("parser messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
  }

  @Test
  void everyRouteOfTheRouteTableIsInTheContractAndNothingElse() {
    Set<String> table = new TreeSet<>();
    for (Route route : Routes.ALL) {
      table.add(route.method() + " " + route.path());
    }
    Set<String> contract = operations(document);
    Set<String> missing = new TreeSet<>(table);
    missing.removeAll(contract);
    Set<String> extra = new TreeSet<>(contract);
    extra.removeAll(table);

    assertThat(missing)
        .as(
            "routes of Routes.ALL with no operation in api/openapi.yaml (add one per route, see"
                + " README 'API contract')")
        .isEmpty();
    assertThat(extra).as("operations in api/openapi.yaml that Routes.ALL does not have").isEmpty();
  }

  @Test
  void theAgreementCheckNamesAnOperationTheContractLacks() {
    JsonNode lacking = document.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) lacking.path("paths").path("/v1/me"))
        .remove("patch");

    Set<String> missing = new TreeSet<>(operations(document));
    missing.removeAll(operations(lacking));

    assertThat(missing).containsExactly("PATCH /v1/me");
  }

  /** Every operation of the document as "METHOD /path". */
  static Set<String> operations(JsonNode document) {
    Set<String> contract = new TreeSet<>();
    for (var path : document.path("paths").properties()) {
      for (var entry : path.getValue().properties()) {
        if (METHODS.contains(entry.getKey())) {
          contract.add(entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    return contract;
  }

  @Test
  void everyPathParameterOfARouteIsDeclaredAsARequiredPathParameter() {
    for (Route route : Routes.ALL) {
      JsonNode path = document.path("paths").path(route.path());
      JsonNode operation = path.path(route.method().toLowerCase(Locale.ROOT));
      Set<String> declared = new TreeSet<>();
      for (JsonNode list : new JsonNode[] {path.path("parameters"), operation.path("parameters")}) {
        for (JsonNode parameter : list) {
          if (parameter.path("in").asText().equals("path")
              && parameter.path("required").asBoolean()) {
            declared.add(parameter.path("name").asText());
          }
        }
      }
      Set<String> needed = new TreeSet<>();
      Matcher m = PARAM.matcher(route.path());
      while (m.find()) {
        needed.add(m.group(1));
      }
      assertThat(declared).as("path parameters of %s", route.routeKey()).isEqualTo(needed);
    }
  }

  @Test
  void everyRouteButAPreflightDocumentsItsRefusalsInTheErrorShape() {
    for (Route route : Routes.ALL) {
      if (route.method().equals("OPTIONS")) {
        continue;
      }
      JsonNode responses =
          document
              .path("paths")
              .path(route.path())
              .path(route.method().toLowerCase(Locale.ROOT))
              .path("responses");
      boolean documentsAnError = false;
      for (var response : responses.properties()) {
        if (response.getKey().startsWith("4")) {
          documentsAnError = true;
        }
      }
      assertThat(documentsAnError).as("%s documents a 4xx", route.routeKey()).isTrue();
    }
  }
}
