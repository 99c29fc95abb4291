package dev.privacyfirst.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.config.EnvVars;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * With an origin domain in context, the API is reachable only through CloudFront: execute-api
 * disabled, a custom domain for CloudFront to reach it, an origin-verify value shared by the
 * distribution and the functions, no access log, only the read headers forwarded, and an optional
 * WAF with rate limits that samples no requests. Without it, nothing of this exists and the
 * functions believe no viewer header.
 */
class CloudFrontConstructTest {
  static final String DOMAIN = "api-origin.example.com";
  static final String CERTIFICATE =
      "arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000";

  private static SynthesizedStack.Synthesized edge;

  private static synchronized SynthesizedStack.Synthesized edge() {
    if (edge == null) {
      edge =
          SynthesizedStack.synthesize(
              Map.of(
                  CloudFrontConstruct.ORIGIN_DOMAIN,
                  DOMAIN,
                  CloudFrontConstruct.ORIGIN_CERTIFICATE,
                  CERTIFICATE,
                  CloudFrontConstruct.WAF,
                  "true"));
    }
    return edge;
  }

  private static Template template() {
    return edge().template();
  }

  @Test
  void theExecuteApiEndpointIsDisabledAndCloudFrontReachesTheApiThroughTheCustomDomain() {
    template()
        .hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("DisableExecuteApiEndpoint", true));
    template().hasResourceProperties("AWS::ApiGatewayV2::DomainName", Map.of("DomainName", DOMAIN));
    template().resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 1);
    template()
        .hasResourceProperties(
            "AWS::CloudFront::Distribution",
            Map.of(
                "DistributionConfig",
                Match.objectLike(
                    Map.of(
                        "Origins",
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "DomainName",
                                    DOMAIN,
                                    "CustomOriginConfig",
                                    Match.objectLike(
                                        Map.of(
                                            "OriginProtocolPolicy",
                                            "https-only",
                                            "OriginSSLProtocols",
                                            List.of("TLSv1.2"))),
                                    "OriginCustomHeaders",
                                    List.of(
                                        Match.objectLike(
                                            Map.of(
                                                "HeaderName",
                                                CloudFrontConstruct.ORIGIN_VERIFY_HEADER))))))))));
  }

  @Test
  void theDistributionKeepsNoAccessLog() {
    Map<String, Map<String, Object>> distributions =
        template().findResources("AWS::CloudFront::Distribution");
    assertThat(distributions).hasSize(1);
    assertThat(distributions.values().iterator().next().toString()).doesNotContain("Logging");
  }

  @Test
  void onlyTheHeadersTheFunctionsReadAreForwarded() {
    template()
        .hasResourceProperties(
            "AWS::CloudFront::OriginRequestPolicy",
            Map.of(
                "OriginRequestPolicyConfig",
                Match.objectLike(
                    Map.of(
                        "HeadersConfig",
                        Map.of(
                            "HeaderBehavior",
                            "whitelist",
                            "Headers",
                            List.of(
                                "User-Agent",
                                "DNT",
                                "Sec-GPC",
                                "Sec-Fetch-Site",
                                "CloudFront-Viewer-Address",
                                "CloudFront-Viewer-Country",
                                "CloudFront-Viewer-Country-Region",
                                "CloudFront-Viewer-City"))))));
    String policies = template().findResources("AWS::CloudFront::OriginRequestPolicy").toString();
    assertThat(policies).doesNotContain("X-Forwarded-For").doesNotContain("allViewer");
  }

  @Test
  void theFunctionsGetTheOriginVerifyValueAndThePublicUrlIsTheDistributions() {
    Map<String, Map<String, Object>> functions = template().findResources("AWS::Lambda::Function");
    String tracking =
        functions.entrySet().stream()
            .filter(e -> e.getKey().contains("TrackingApi"))
            .findFirst()
            .orElseThrow()
            .getValue()
            .toString();
    assertThat(tracking)
        .contains(EnvVars.CLOUDFRONT_ORIGIN_VERIFY)
        .contains("resolve:secretsmanager");
    assertThat(template().findOutputs(PrivacyFirstStack.API_URL_OUTPUT).toString())
        .contains("CloudFrontDistribution");
    assertThat(template().findOutputs(PrivacyFirstStack.ORIGIN_TARGET_OUTPUT)).hasSize(1);
  }

  @Test
  void theWebAclRateLimitsByAddressAndSamplesNoRequests() {
    template()
        .hasResourceProperties(
            "AWS::WAFv2::WebACL",
            Map.of(
                "Scope",
                "CLOUDFRONT",
                "VisibilityConfig",
                Match.objectLike(Map.of("SampledRequestsEnabled", false)),
                "Rules",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "Name",
                            "IngestionRate",
                            "Statement",
                            Map.of(
                                "RateBasedStatement",
                                Match.objectLike(
                                    Map.of(
                                        "AggregateKeyType",
                                        "IP",
                                        "Limit",
                                        CloudFrontConstruct.INGESTION_RATE_PER_5_MIN))),
                            "VisibilityConfig",
                            Match.objectLike(Map.of("SampledRequestsEnabled", false)))),
                    Match.objectLike(Map.of("Name", "OverallRate")),
                    Match.objectLike(Map.of("Name", "AccountEntryRate")))));
    assertThat(template().findResources("AWS::CloudFront::Distribution").toString())
        .contains("WebACLId");
  }

  @Test
  void theWebAclRateLimitsTheAccountEntryAndEmailLinkRoutes() {
    template()
        .hasResourceProperties(
            "AWS::WAFv2::WebACL",
            Map.of(
                "Rules",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Name",
                                "AccountEntryRate",
                                "Action",
                                Map.of("Block", Map.of()),
                                "Statement",
                                Map.of(
                                    "RateBasedStatement",
                                    Match.objectLike(
                                        Map.of(
                                            "Limit",
                                            CloudFrontConstruct.ACCOUNT_ENTRY_RATE_PER_5_MIN,
                                            "ScopeDownStatement",
                                            Map.of(
                                                "RegexMatchStatement",
                                                Match.objectLike(
                                                    Map.of(
                                                        "RegexString",
                                                        Match.stringLikeRegexp(
                                                            ".*v1/sessions/link/redeem.*")))))))))))));
    Map<String, Map<String, Object>> acls = template().findResources("AWS::WAFv2::WebACL");
    assertThat(acls.values().iterator().next().toString()).contains("email/unsubscribe");
  }

  @Test
  void everyAccountEntryPathTheWafLimitsIsARouteOfTheTable() {
    for (String path : CloudFrontConstruct.ACCOUNT_ENTRY_PATHS) {
      assertThat(dev.privacyfirst.common.topology.Routes.pathExists(path)).as(path).isTrue();
    }
  }

  @Test
  void cdkNagReportsNoUnsuppressedErrorWithTheDistribution() {
    List<SynthesisMessage> errors =
        edge().annotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    assertThat(errors.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList())
        .isEmpty();
  }

  @Test
  void withoutAnOriginDomainThereIsNoDistributionAndNoFunctionBelievesViewerHeaders() {
    Template plain = SynthesizedStack.aws().template();
    plain.resourceCountIs("AWS::CloudFront::Distribution", 0);
    plain.resourceCountIs("AWS::WAFv2::WebACL", 0);
    assertThat(plain.findResources("AWS::ApiGatewayV2::Api").toString())
        .doesNotContain("DisableExecuteApiEndpoint=true");
    assertThat(plain.findResources("AWS::Lambda::Function").toString())
        .doesNotContain(EnvVars.CLOUDFRONT_ORIGIN_VERIFY);
  }

  @Test
  void wafIsOfferedOnlyTogetherWithTheDistribution() {
    App app = new App(AppProps.builder().context(Map.of(CloudFrontConstruct.WAF, "true")).build());
    assertThatThrownBy(() -> new PrivacyFirstStack(app, "NoEdge", StackProps.builder().build()))
        .hasMessageContaining(CloudFrontConstruct.ORIGIN_DOMAIN);
  }
}
