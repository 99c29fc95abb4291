package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API: one route per entry of {@link Routes#ALL}, each wired to the alias of its function
 * (operator routes behind the IAM authorizer); an access log without client IPs or user agents;
 * throttling, stricter on the public ingestion routes.
 */
public final class ApiConstruct extends Construct {
  /** Default limits for every route (requests per second, burst). */
  static final double DEFAULT_RATE = 50;

  static final int DEFAULT_BURST = 100;

  /** Ingestion routes are unauthenticated and take batches: each gets its own, explicit budget. */
  static final double INGESTION_RATE = 100;

  static final int INGESTION_BURST = 200;

  /** Access-log fields: request facts only; no $context.identity.sourceIp, no user agent. */
  static final String ACCESS_LOG_FORMAT =
      "{\"requestId\":\"$context.requestId\",\"requestTime\":\"$context.requestTimeEpoch\","
          + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
          + "\"responseLength\":\"$context.responseLength\","
          + "\"integrationLatency\":\"$context.integrationLatency\","
          + "\"integrationError\":\"$context.integrationErrorMessage\"}";

  private final HttpApi api;
  private final HttpStage stage;
  private final CfnStage cfnStage;

  public ApiConstruct(Construct scope, String id, IKey key) {
    this(scope, id, key, false);
  }

  /**
   * @param behindCloudFront the default execute-api endpoint is disabled: the only way in is the
   *     CloudFront distribution (through the API's custom domain), so its headers can be trusted
   */
  public ApiConstruct(Construct scope, String id, IKey key, boolean behindCloudFront) {
    super(scope, id);
    api =
        HttpApi.Builder.create(this, "HttpApi")
            .description("Privacy-first backend HTTP API")
            .createDefaultStage(false)
            .disableExecuteApiEndpoint(behindCloudFront)
            .build();
    LogGroup accessLogs =
        LogGroup.Builder.create(this, "AccessLogs")
            .retention(LambdaFunctions.LOG_RETENTION)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    stage =
        HttpStage.Builder.create(this, "DefaultStage")
            .httpApi(api)
            .stageName("$default")
            .autoDeploy(true)
            .throttle(
                ThrottleSettings.builder()
                    .rateLimit(DEFAULT_RATE)
                    .burstLimit(DEFAULT_BURST)
                    .build())
            .build();
    cfnStage = (CfnStage) Objects.requireNonNull(stage.getNode().getDefaultChild());
    cfnStage.setAccessLogSettings(
        CfnStage.AccessLogSettingsProperty.builder()
            .destinationArn(accessLogs.getLogGroupArn())
            .format(ACCESS_LOG_FORMAT)
            .build());
  }

  /**
   * The API's base URL ("https://{id}.execute-api.{region}.{suffix}/"). Functions reference only
   * the API resource, routes reference the functions: no cycle.
   */
  public String url() {
    return Fn.join("", List.of(api.getApiEndpoint(), "/"));
  }

  public HttpApi api() {
    return api;
  }

  public HttpStage stage() {
    return stage;
  }

  /** Declares every route of {@link Routes#ALL}; fails if a route's function is not deployed. */
  public void addRoutes(Map<FunctionSpec, DeployedFunction> functions) {
    Map<FunctionSpec, HttpLambdaIntegration> integrations = new LinkedHashMap<>();
    Map<String, Object> routeSettings = new LinkedHashMap<>();
    for (Route route : Routes.ALL) {
      DeployedFunction target = functions.get(route.function());
      if (target == null) {
        throw new IllegalStateException("route " + route.routeKey() + ": function not deployed");
      }
      HttpLambdaIntegration integration =
          integrations.computeIfAbsent(
              route.function(),
              spec -> new HttpLambdaIntegration(spec.id() + "Integration", target.alias()));
      AddRoutesOptions.Builder options =
          AddRoutesOptions.builder()
              .path(route.path())
              .methods(List.of(HttpMethod.valueOf(route.method())))
              .integration(integration);
      if (route.auth() == Route.Auth.IAM) {
        // AWS_IAM: API Gateway refuses any request not SigV4-signed by an identity allowed
        // execute-api:Invoke on this route, and hands the function that identity in
        // requestContext.authorizer.iam. Operators are granted the route by IAM policy, outside
        // this stack (see README, "Operator routes").
        options.authorizer(new HttpIamAuthorizer());
      }
      List<HttpRoute> declared = api.addRoutes(options.build());
      if (route.function().equals(Functions.TRACKING_API)) {
        routeSettings.put(
            route.routeKey(),
            Map.of("ThrottlingRateLimit", INGESTION_RATE, "ThrottlingBurstLimit", INGESTION_BURST));
        // Route settings name routes by key: the routes must exist before the stage is updated.
        declared.forEach(r -> stage.getNode().addDependency(r));
      }
    }
    cfnStage.setRouteSettings(routeSettings);
  }
}
