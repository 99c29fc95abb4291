package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator route through the local cloud, which stands in for API Gateway's IAM authorizer:
 * refused without a proven operator identity, the identity recorded as the requester, the person
 * notified by mail.
 */
@Tag("emulators")
@WithLocalCloud
class OperatorRoutesEndToEndTest {
  static final String ROUTE = "/v1/operator/disclosures";
  static TestLocalCloud local;

  @BeforeAll
  static void start(TestLocalCloud started) throws Exception {
    local = started;
  }

  private static LocalOperators operators() {
    return LocalOperators.openOrCreate(local.cloud.dataDir().resolve("operator.key"));
  }

  private static java.net.http.HttpResponse<String> disclose(
      Map<String, Object> body, String name, String signature) throws Exception {
    var request = CloudUser.jsonRequest(local.cloud.baseUri() + ROUTE, body);
    if (name != null) {
      request.header(LocalOperators.NAME_HEADER, name);
    }
    if (signature != null) {
      request.header(LocalOperators.SIGNATURE_HEADER, signature);
    }
    return CloudUser.send(request.build());
  }

  @Test
  void withoutAProvenOperatorIdentityTheRouteAnswers403AndCallsNoFunction() throws Exception {
    Map<String, Object> body = Map.of("accountId", "acct-x", "legalBasis", "Court order 1");
    String forged = HexFormat.of().formatHex(new byte[32]);
    for (List<String> headers :
        List.<List<String>>of(
            List.of(),
            List.of("legal-operator"),
            List.of("legal-operator", forged),
            // A signature for another name does not prove this one.
            List.of("legal-operator", operators().signatureOf("someone-else")))) {
      var response =
          disclose(
              body,
              headers.isEmpty() ? null : headers.get(0),
              headers.size() < 2 ? null : headers.get(1));
      assertThat(response.statusCode()).as(String.valueOf(headers)).isEqualTo(403);
      JsonNode error = CloudUser.JSON.readTree(response.body());
      assertThat(error.path("error").asText()).isEqualTo("forbidden");
      assertThat(error.path("message").asText()).isNotBlank();
    }
  }

  @Test
  void theOperatorKeyIsReadableByItsOwnerOnly() throws Exception {
    var key = local.cloud.dataDir().resolve("operator.key");
    assertThat(Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void aSignedOperatorIsTheRequesterOnRecordAndThePersonIsNotified() throws Exception {
    CloudUser person = CloudUser.signUp(local.cloud, "disclosed");
    var response =
        disclose(
            Map.of("accountId", person.accountId, "legalBasis", "Court order 2026/7"),
            "legal-operator",
            operators().signatureOf("legal-operator"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode out = CloudUser.JSON.readTree(response.body());
    assertThat(out.path("requestedBy").asText())
        .isEqualTo("arn:aws:iam::" + LocalContext.ACCOUNT_ID + ":user/legal-operator");
    assertThat(out.path("notice").asText()).isEqualTo("sent");
    String reference =
        Mailbox.linkToken(
            local.cloud, person.email, Pattern.compile("Reference: (d[A-Za-z0-9]+)"), 0);
    assertThat(reference).isEqualTo(out.path("requestId").asText());
  }

  @Test
  void aRequesterTypedInTheBodyIsRefusedEvenFromASignedOperator() throws Exception {
    var response =
        disclose(
            Map.of("accountId", "acct-x", "legalBasis", "Court order", "requestedBy", "me"),
            "legal-operator",
            operators().signatureOf("legal-operator"));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(CloudUser.JSON.readTree(response.body()).path("error").asText())
        .isEqualTo("requested_by_not_accepted");
  }
}
