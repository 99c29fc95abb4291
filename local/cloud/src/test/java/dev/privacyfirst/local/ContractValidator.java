package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks real responses against the API contract: the status must be documented for the route, the
 * content type must be one the response lists, and the body must validate against its schema (JSON
 * Schema 2020-12 with OpenAPI 3.1's dialect). Remembers what it checked, so a test can tell which
 * routes were never exercised.
 */
final class ContractValidator {
  static final String LOCATION = "https://contract.privacyfirst.invalid/openapi.json";

  private final JsonNode document;
  private final JsonSchemaFactory factory;
  private final Map<String, Set<Integer>> checked = new ConcurrentHashMap<>();

  private ContractValidator(JsonNode document) {
    this.document = document;
    JsonMetaSchema dialect = OpenApi31.getInstance();
    this.factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b ->
                b.metaSchema(dialect)
                    .defaultMetaSchemaIri(dialect.getIri())
                    .schemaLoaders(l -> l.schemas(Map.of(LOCATION, document.toString()))));
  }

  static ContractValidator load() {
    return new ContractValidator(document());
  }

  /** The packaged document as a JSON tree. */
  static JsonNode document() {
    return ApiContract.parse(yaml());
  }

  /** The packaged document as written. */
  static byte[] yaml() {
    try (InputStream in = ContractValidator.class.getResourceAsStream(ApiContract.RESOURCE)) {
      assertThat(in).as("the contract is packaged at %s", ApiContract.RESOURCE).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Validates one response of the route {@code method pathTemplate} (as in the route table). */
  void check(String method, String pathTemplate, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String where = method + " " + pathTemplate + " -> " + status;
    JsonNode operation =
        document.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
    assertThat(operation.isObject()).as("%s is not in the contract", where).isTrue();
    JsonNode responses = operation.path("responses");
    String key = Integer.toString(status);
    if (!responses.has(key)) {
      key = "default";
    }
    assertThat(responses.has(key))
        .as("%s: status not documented (body %s)", where, text(response))
        .isTrue();
    String pointer =
        "/paths/"
            + escape(pathTemplate)
            + "/"
            + method.toLowerCase(Locale.ROOT)
            + "/responses/"
            + key;
    JsonNode documented = responses.path(key);
    if (documented.has("$ref")) {
      pointer = documented.path("$ref").asText().substring(1);
      documented = document.at(pointer);
    }
    JsonNode content = documented.path("content");
    if (!content.isObject() || content.isEmpty()) {
      assertThat(response.body()).as("%s: documented without a body", where).isEmpty();
      record(method, pathTemplate, status);
      return;
    }
    String mediaType =
        response
            .headers()
            .firstValue("content-type")
            .map(t -> t.split(";")[0].trim().toLowerCase(Locale.ROOT))
            .orElse("");
    String documentedType = content.has(mediaType) ? mediaType : content.has("*/*") ? "*/*" : null;
    assertThat(documentedType)
        .as("%s: content type '%s' not documented (%s)", where, mediaType, content.properties())
        .isNotNull();
    JsonNode instance;
    if (mediaType.endsWith("json")) {
      try {
        instance = CloudUser.JSON.readTree(response.body());
      } catch (IOException e) {
        throw new AssertionError(where + ": the body is not JSON: " + text(response), e);
      }
    } else {
      instance = TextNode.valueOf(text(response));
    }
    JsonSchema schema =
        factory.getSchema(
            SchemaLocation.of(
                LOCATION + "#" + pointer + "/content/" + escape(documentedType) + "/schema"));
    Set<ValidationMessage> errors = schema.validate(instance);
    assertThat(errors).as("%s: the body %s does not match the contract", where, instance).isEmpty();
    record(method, pathTemplate, status);
  }

  private void record(String method, String path, int status) {
    checked.computeIfAbsent(method + " " + path, k -> ConcurrentHashMap.newKeySet()).add(status);
  }

  /** The statuses checked so far for this route. */
  Set<Integer> checkedStatuses(String method, String path) {
    return new TreeSet<>(checked.getOrDefault(method + " " + path, Set.of()));
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.ISO_8859_1);
  }

  /** RFC 6901: a JSON Pointer token. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
