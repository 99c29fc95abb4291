package dev.privacyfirst.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.ApiMapping;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestCookieBehavior;
import software.amazon.awscdk.services.cloudfront.OriginRequestHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * The optional CloudFront distribution in front of the HTTP API (context {@link #ORIGIN_DOMAIN} and
 * {@link #ORIGIN_CERTIFICATE}). With it, the API's default execute-api endpoint is disabled and
 * CloudFront reaches the API through a regional API Gateway custom domain; it adds a generated
 * value ({@code X-Origin-Verify}) to every origin request, which the functions compare with {@code
 * CLOUDFRONT_ORIGIN_VERIFY}: only then are its {@code CloudFront-Viewer-*} headers believed. A
 * client calling the custom domain directly bypasses nothing: without the value, its own address is
 * used. CloudFront replaces a client's copies of the viewer headers and of X-Origin-Verify.
 *
 * <p>No access log (it would record every client's address). The origin request policy forwards
 * only the headers the functions read. An optional WAF web ACL ({@link #WAF}) adds per-address rate
 * limits on the public routes, with sampled requests off (they would keep addresses too). WAF
 * counts addresses in its own memory at the edge and we store none; the functions' own limits are
 * per account and per project (the limits table), never per address.
 */
public final class CloudFrontConstruct extends Construct {
  /** Context: the API Gateway custom domain CloudFront reaches the API through. */
  public static final String ORIGIN_DOMAIN = "originDomain";

  /**
   * Context: ARN of a regional ACM certificate for {@link #ORIGIN_DOMAIN}, in the stack's region.
   */
  public static final String ORIGIN_CERTIFICATE = "originCertificateArn";

  /** Context: "true" adds a WAF web ACL (scope CLOUDFRONT: the stack must be in us-east-1). */
  public static final String WAF = "cloudFrontWaf";

  /** The header the distribution adds and the functions check. */
  static final String ORIGIN_VERIFY_HEADER = "X-Origin-Verify";

  /** Requests per 5 minutes per client address on /track, /engage and /import. */
  static final long INGESTION_RATE_PER_5_MIN = 3000;

  /** Requests per 5 minutes per client address on every route. */
  static final long OVERALL_RATE_PER_5_MIN = 6000;

  /**
   * Requests per 5 minutes per client address on the routes anyone may call without a session or a
   * project: sign-up, sign-in, sign-in links and the email links. Each already has its own daily
   * limits per email lookup or link; this stops floods of them before they reach a function.
   */
  static final long ACCOUNT_ENTRY_RATE_PER_5_MIN = 300;

  /** The public routes without a session or project token (each must be in the route table). */
  static final List<String> ACCOUNT_ENTRY_PATHS =
      List.of(
          "/v1/accounts",
          "/v1/sessions",
          "/v1/sessions/link",
          "/v1/sessions/link/redeem",
          "/email/unsubscribe",
          "/email/preferences");

  /** Viewer headers the events functions read (location, cookieless visitor id). */
  static final List<String> VIEWER_HEADERS =
      List.of(
          "CloudFront-Viewer-Address",
          "CloudFront-Viewer-Country",
          "CloudFront-Viewer-Country-Region",
          "CloudFront-Viewer-City");

  /** Request headers some function reads, besides those in the cache key. */
  static final List<String> FORWARDED_HEADERS =
      List.of("User-Agent", "DNT", "Sec-GPC", "Sec-Fetch-Site");

  /**
   * In the cache key, hence forwarded: Authorization cannot be forwarded by an origin request
   * policy. Nothing is cached (default TTL 0, the API sends no caching headers), but were it ever,
   * the key keeps credentials, cookies and bodies' encodings apart.
   */
  static final List<String> CACHE_KEY_HEADERS =
      List.of("Authorization", "Origin", "Content-Type", "Content-Encoding", "Range");

  private final Distribution distribution;
  private final Secret originVerify;
  private final DomainName originDomain;
  private final CfnWebACL webAcl;

  public CloudFrontConstruct(
      Construct scope,
      String id,
      ApiConstruct api,
      String domain,
      String certificateArn,
      boolean waf) {
    super(scope, id);
    originDomain =
        DomainName.Builder.create(this, "OriginDomain")
            .domainName(domain)
            .certificate(Certificate.fromCertificateArn(this, "OriginCertificate", certificateArn))
            .build();
    ApiMapping.Builder.create(this, "OriginMapping")
        .api(api.api())
        .domainName(originDomain)
        .stage(api.stage())
        .build();
    originVerify =
        Secret.Builder.create(this, "OriginVerify")
            .description(
                "Value CloudFront adds to origin requests (X-Origin-Verify); the functions believe"
                    + " viewer headers only on requests carrying it")
            .generateSecretString(
                SecretStringGenerator.builder().passwordLength(48).excludePunctuation(true).build())
            .build();
    CachePolicy cachePolicy =
        CachePolicy.Builder.create(this, "NoCache")
            .comment("API responses are not cached; the key keeps credentials apart")
            .defaultTtl(Duration.seconds(0))
            .minTtl(Duration.seconds(0))
            .maxTtl(Duration.seconds(1))
            .headerBehavior(CacheHeaderBehavior.allowList(CACHE_KEY_HEADERS.toArray(String[]::new)))
            .cookieBehavior(CacheCookieBehavior.all())
            .queryStringBehavior(CacheQueryStringBehavior.all())
            .enableAcceptEncodingGzip(false)
            .enableAcceptEncodingBrotli(false)
            .build();
    String[] forwarded =
        java.util.stream.Stream.concat(FORWARDED_HEADERS.stream(), VIEWER_HEADERS.stream())
            .toArray(String[]::new);
    OriginRequestPolicy requestPolicy =
        OriginRequestPolicy.Builder.create(this, "ForwardOnlyWhatIsRead")
            .comment("Headers the functions read, and CloudFront's viewer location headers")
            .headerBehavior(OriginRequestHeaderBehavior.allowList(forwarded))
            .cookieBehavior(OriginRequestCookieBehavior.all())
            .queryStringBehavior(OriginRequestQueryStringBehavior.all())
            .build();
    webAcl = waf ? webAcl() : null;
    distribution =
        Distribution.Builder.create(this, "Distribution")
            .comment("Privacy-first API: the only way in when deployed with a CloudFront origin")
            .defaultBehavior(
                BehaviorOptions.builder()
                    .origin(
                        HttpOrigin.Builder.create(domain)
                            .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                            .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                            .customHeaders(
                                Map.of(
                                    ORIGIN_VERIFY_HEADER,
                                    originVerify.getSecretValue().unsafeUnwrap()))
                            .build())
                    .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                    .allowedMethods(AllowedMethods.ALLOW_ALL)
                    .cachePolicy(cachePolicy)
                    .originRequestPolicy(requestPolicy)
                    .build())
            .httpVersion(HttpVersion.HTTP2_AND_3)
            .priceClass(PriceClass.PRICE_CLASS_ALL)
            .enableLogging(false)
            .webAclId(webAcl == null ? null : webAcl.getAttrArn())
            .build();
  }

  private CfnWebACL webAcl() {
    CfnWebACL.StatementProperty publicRoutes =
        pathMatches("^/(track|engage|import|decide|groups)(/|$)");
    String entryPaths =
        ACCOUNT_ENTRY_PATHS.stream()
            .map(path -> path.substring(1))
            .collect(java.util.stream.Collectors.joining("|"));
    CfnWebACL.StatementProperty accountEntry = pathMatches("^/(" + entryPaths + ")/?$");
    return CfnWebACL.Builder.create(this, "WebAcl")
        .scope("CLOUDFRONT")
        .defaultAction(
            CfnWebACL.DefaultActionProperty.builder()
                .allow(CfnWebACL.AllowActionProperty.builder().build())
                .build())
        .visibilityConfig(visibility("PrivacyFirstApi"))
        .rules(
            List.of(
                rateRule("IngestionRate", 0, INGESTION_RATE_PER_5_MIN, publicRoutes),
                rateRule("OverallRate", 1, OVERALL_RATE_PER_5_MIN, null),
                rateRule("AccountEntryRate", 2, ACCOUNT_ENTRY_RATE_PER_5_MIN, accountEntry)))
        .build();
  }

  /** Requests whose path matches the regular expression, as sent. */
  private static CfnWebACL.StatementProperty pathMatches(String regex) {
    return CfnWebACL.StatementProperty.builder()
        .regexMatchStatement(
            CfnWebACL.RegexMatchStatementProperty.builder()
                .regexString(regex)
                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().uriPath(Map.of()).build())
                .textTransformations(
                    List.of(
                        CfnWebACL.TextTransformationProperty.builder()
                            .priority(0)
                            .type("NONE")
                            .build()))
                .build())
        .build();
  }

  private static CfnWebACL.RuleProperty rateRule(
      String name, int priority, long limit, CfnWebACL.StatementProperty scopeDown) {
    CfnWebACL.RateBasedStatementProperty.Builder rate =
        CfnWebACL.RateBasedStatementProperty.builder().limit(limit).aggregateKeyType("IP");
    if (scopeDown != null) {
      rate.scopeDownStatement(scopeDown);
    }
    return CfnWebACL.RuleProperty.builder()
        .name(name)
        .priority(priority)
        .action(
            CfnWebACL.RuleActionProperty.builder()
                .block(CfnWebACL.BlockActionProperty.builder().build())
                .build())
        .statement(CfnWebACL.StatementProperty.builder().rateBasedStatement(rate.build()).build())
        .visibilityConfig(visibility(name))
        .build();
  }

  /** Metrics only: sampled requests would keep client addresses. */
  private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .cloudWatchMetricsEnabled(true)
        .metricName(metric)
        .sampledRequestsEnabled(false)
        .build();
  }

  /** The public base URL: the distribution's domain. */
  public String url() {
    return "https://" + distribution.getDistributionDomainName() + "/";
  }

  /** The value the functions compare X-Origin-Verify with (resolved at deployment). */
  public String originVerifyValue() {
    return originVerify.getSecretValue().unsafeUnwrap();
  }

  /** Where the origin domain's DNS record (CNAME) must point. */
  public String originTarget() {
    return originDomain.getRegionalDomainName();
  }

  public Distribution distribution() {
    return distribution;
  }

  public Secret originVerifySecret() {
    return originVerify;
  }

  public boolean hasWebAcl() {
    return webAcl != null;
  }
}
