package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOperatorsTest {
  @TempDir Path dir;

  private LocalOperators operators() {
    return LocalOperators.openOrCreate(dir.resolve("operator.key"));
  }

  private static Map<String, List<String>> headers(String name, String signature) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Local-Operator", List.of(name));
    headers.put("X-Local-Operator-Signature", List.of(signature));
    return headers;
  }

  @Test
  void aNameSignedWithTheDataDirectorysKeyIsThatOperatorsIamIdentity() {
    LocalOperators operators = operators();
    var iam = operators.authenticate(headers("legal-op", operators.signatureOf("legal-op")));
    assertThat(iam).isPresent();
    assertThat(iam.get().getUserArn()).isEqualTo("arn:aws:iam::000000000000:user/legal-op");
    assertThat(iam.get().getAccountId()).isEqualTo(LocalContext.ACCOUNT_ID);
  }

  @Test
  void theKeyPersistsSoSignaturesSurviveARestart() throws Exception {
    String before = operators().signatureOf("legal-op");
    assertThat(operators().signatureOf("legal-op")).isEqualTo(before);
    assertThat(Files.readString(dir.resolve("operator.key")).strip()).hasSize(64);
  }

  @Test
  void aMissingForgedOrBorrowedSignatureOrABadNameProvesNothing() {
    LocalOperators operators = operators();
    LocalOperators elsewhere = LocalOperators.openOrCreate(dir.resolve("other.key"));
    assertThat(operators.authenticate(Map.of())).isEmpty();
    assertThat(operators.authenticate(Map.of("x-local-operator", List.of("legal-op")))).isEmpty();
    assertThat(operators.authenticate(headers("legal-op", "00".repeat(32)))).isEmpty();
    assertThat(operators.authenticate(headers("legal-op", operators.signatureOf("other"))))
        .isEmpty();
    assertThat(operators.authenticate(headers("legal-op", elsewhere.signatureOf("legal-op"))))
        .isEmpty();
    assertThat(operators.authenticate(headers("a/b", operators.signatureOf("a/b")))).isEmpty();
    Map<String, List<String>> twice = headers("legal-op", operators.signatureOf("legal-op"));
    twice.put("x-local-operator", List.of("legal-op"));
    assertThat(operators.authenticate(twice)).as("a repeated name header").isEmpty();
  }

  @Test
  void theIdentityReachesTheFunctionWhereApiGatewayPutsIt() throws Exception {
    LocalOperators operators = operators();
    var iam = operators.authenticate(headers("legal-op", operators.signatureOf("legal-op"))).get();
    APIGatewayV2HTTPEvent event =
        ApiGatewayEvents.toEvent(
            new IncomingRequest(
                "POST",
                "/v1/operator/disclosures",
                null,
                Map.of("Content-Type", List.of("application/json")),
                "{}".getBytes(StandardCharsets.UTF_8),
                "127.0.0.1",
                "HTTP/1.1"),
            "POST /v1/operator/disclosures",
            Map.of(),
            "abc=",
            Instant.parse("2026-03-12T19:03:58Z"),
            8080,
            iam);
    String json = FunctionHost.toJson(event);
    JsonNode authorizer =
        new ObjectMapper().readTree(json).path("requestContext").path("authorizer");
    assertThat(authorizer.path("iam").path("userArn").asText())
        .isEqualTo("arn:aws:iam::000000000000:user/legal-op");
    APIGatewayV2HTTPEvent received =
        (APIGatewayV2HTTPEvent) FunctionHost.fromJson(json, APIGatewayV2HTTPEvent.class);
    assertThat(received.getRequestContext().getAuthorizer().getIam().getUserArn())
        .isEqualTo("arn:aws:iam::000000000000:user/legal-op");
  }
}
