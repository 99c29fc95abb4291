package dev.privacyfirst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Operator routes sit behind API Gateway's IAM authorizer; no other route does. */
class OperatorRoutesTest {
  @SuppressWarnings("unchecked")
  private static Map<String, String> authorizationByRouteKey() {
    return SynthesizedStack.aws()
        .template()
        .findResources("AWS::ApiGatewayV2::Route")
        .values()
        .stream()
        .map(r -> (Map<String, Object>) r.get("Properties"))
        .collect(
            Collectors.toMap(
                p -> String.valueOf(p.get("RouteKey")),
                p -> String.valueOf(p.getOrDefault("AuthorizationType", "NONE"))));
  }

  @Test
  void theLawfulDisclosureRouteRequiresAnIamSignedRequest() {
    Route disclosure =
        Routes.ALL.stream()
            .filter(r -> r.function().equals(Functions.LAWFUL_DISCLOSURE))
            .findFirst()
            .orElseThrow();
    assertThat(disclosure.auth()).isEqualTo(Route.Auth.IAM);
    assertThat(authorizationByRouteKey()).containsEntry(disclosure.routeKey(), "AWS_IAM");
  }

  @Test
  void exactlyTheRoutesDeclaredIamInTheTopologyHaveTheIamAuthorizer() {
    Set<String> iam =
        Routes.ALL.stream()
            .filter(r -> r.auth() == Route.Auth.IAM)
            .map(Route::routeKey)
            .collect(Collectors.toSet());
    Map<String, String> deployed = authorizationByRouteKey();
    assertThat(deployed.keySet()).containsAll(iam);
    deployed.forEach(
        (key, type) -> assertThat(type).as(key).isEqualTo(iam.contains(key) ? "AWS_IAM" : "NONE"));
  }
}
