package dev.privacyfirst.infra;

import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.constructs.Construct;

/**
 * The whole backend in one stack: the data, the API, one construct per capability, and the triggers
 * each {@link FunctionSpec} asks for. Environment-agnostic; settings come from context.
 */
public final class PrivacyFirstStack extends Stack {
  /** Context key: "true" when deploying to LocalStack (EventBridge rules instead of Scheduler). */
  public static final String LOCALSTACK_CONTEXT = "localstack";

  /** Context key: lower-case stage name (default "prod", or "localstack"). */
  public static final String STAGE_CONTEXT = "stage";

  /** Context key: sender address of every email. */
  public static final String MAIL_FROM_CONTEXT = "mailFrom";

  public static final String DEFAULT_MAIL_FROM = "no-reply@example.com";

  /** Logical id of the output that carries the API's base URL. */
  public static final String API_URL_OUTPUT = "ApiUrl";

  /** Logical id of the output naming where the origin domain's DNS record must point. */
  public static final String ORIGIN_TARGET_OUTPUT = "OriginDomainTarget";

  private static final String ORIGIN_CONTEXTS =
      CloudFrontConstruct.ORIGIN_DOMAIN + ", " + CloudFrontConstruct.ORIGIN_CERTIFICATE;

  private static final Pattern STAGE = Pattern.compile("[a-z0-9]{1,16}");

  private final DataConstruct data;
  private final ApiConstruct api;
  private final EmailConstruct email;
  private final CloudFrontConstruct cloudFront;
  private final Map<FunctionSpec, DeployedFunction> functions = new LinkedHashMap<>();

  public PrivacyFirstStack(Construct scope, String id, StackProps props) {
    super(scope, id, props);
    // Access-log delivery through a bucket policy, not the legacy ACL (which needs ObjectWriter).
    getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
    boolean localstack = Boolean.parseBoolean(context(LOCALSTACK_CONTEXT, "false"));
    String stage = context(STAGE_CONTEXT, localstack ? "localstack" : "prod");
    if (!STAGE.matcher(stage).matches()) {
      throw new IllegalArgumentException("stage must match " + STAGE + ": " + stage);
    }

    data = new DataConstruct(this, "Data", stage);
    String originDomain = context(CloudFrontConstruct.ORIGIN_DOMAIN, "");
    String originCertificate = context(CloudFrontConstruct.ORIGIN_CERTIFICATE, "");
    if (originDomain.isEmpty() != originCertificate.isEmpty()) {
      throw new IllegalArgumentException(
          CloudFrontConstruct.ORIGIN_DOMAIN
              + " and "
              + CloudFrontConstruct.ORIGIN_CERTIFICATE
              + " go together: CloudFront reaches the API through that custom domain");
    }
    boolean waf = Boolean.parseBoolean(context(CloudFrontConstruct.WAF, "false"));
    if (waf && originDomain.isEmpty()) {
      throw new IllegalArgumentException(
          CloudFrontConstruct.WAF + " needs the CloudFront distribution (" + ORIGIN_CONTEXTS + ")");
    }
    api = new ApiConstruct(this, "Api", data.opsKey(), !originDomain.isEmpty());
    cloudFront =
        originDomain.isEmpty()
            ? null
            : new CloudFrontConstruct(
                this, "CloudFront", api, originDomain, originCertificate, waf);
    String publicUrl = cloudFront == null ? api.url() : cloudFront.url();

    Map<String, String> environment = new LinkedHashMap<>(data.environment());
    environment.put(EnvVars.MASTER_KEY, "kms:" + data.key().getKeyArn());
    environment.put(EnvVars.SECRETS_SOURCE, data.secretsSource());
    environment.put(EnvVars.STAGE, stage);
    environment.put(EnvVars.PUBLIC_BASE_URL, publicUrl);
    if (cloudFront != null) {
      environment.put(EnvVars.CLOUDFRONT_ORIGIN_VERIFY, cloudFront.originVerifyValue());
    }
    Capability.Props capability = new Capability.Props(data, environment);

    email =
        new EmailConstruct(
            this, "Email", capability, context(MAIL_FROM_CONTEXT, DEFAULT_MAIL_FROM));
    AccountsConstruct accounts = new AccountsConstruct(this, "Accounts", capability);
    FilesConstruct files = new FilesConstruct(this, "Files", capability);
    EventsConstruct events = new EventsConstruct(this, "Events", capability);
    RetentionConstruct retention = new RetentionConstruct(this, "Retention", capability);
    Stream.of(
            accounts.functions(),
            files.functions(),
            events.functions(),
            email.functions(),
            retention.functions())
        .flatMap(List::stream)
        .forEach(fn -> functions.put(fn.spec(), fn));
    for (FunctionSpec spec : Functions.ALL) {
      if (!functions.containsKey(spec)) {
        throw new IllegalStateException(
            spec.id() + ": no construct deploys module " + spec.module());
      }
    }

    // Asynchronous invocations between functions, exactly those the topology declares.
    functions
        .values()
        .forEach(
            caller ->
                Functions.invokedBy(caller.spec())
                    .forEach(
                        target -> {
                          DeployedFunction callee = functions.get(target);
                          caller
                              .function()
                              .addEnvironment(
                                  Functions.nameEnvVar(target), callee.alias().getFunctionArn());
                          callee.alias().grantInvoke(caller.function());
                        }));

    // Last, when every table and bucket grant is made: key use follows from them.
    functions.values().forEach(fn -> data.grantKeyUse(fn.function(), fn.spec()));

    api.addRoutes(functions);
    functions.values().forEach(fn -> addTrigger(fn, localstack));

    CfnOutput.Builder.create(this, API_URL_OUTPUT)
        .description("Base URL of the HTTP API")
        .value(publicUrl)
        .build();
    if (cloudFront != null) {
      CfnOutput.Builder.create(this, ORIGIN_TARGET_OUTPUT)
          .description("Point the origin domain's DNS record (CNAME) here")
          .value(cloudFront.originTarget())
          .build();
    }
    NagSuppressionsOfTheStack.apply(this);
  }

  private void addTrigger(DeployedFunction fn, boolean localstack) {
    FunctionSpec spec = fn.spec();
    switch (spec.trigger()) {
      case HTTP, INVOKE -> {
        // HTTP: declared with the routes; INVOKE: operators call it directly, nothing triggers it.
      }
      case S3_OBJECT_CREATED -> data.notifyUploads(fn.alias());
      case S3_EXPORT_REQUESTED -> data.notifyDownloadRequests(fn.alias());
      case SNS -> subscribe(email.notifications(), fn);
      case SES_INBOUND -> subscribe(email.inboundMail(), fn);
      case SCHEDULE -> {
        if (localstack) {
          // Community LocalStack stores Scheduler schedules but never fires them.
          Rule.Builder.create(this, spec.id() + "Rule")
              .description("Runs " + spec.id() + " " + spec.schedule())
              .schedule(software.amazon.awscdk.services.events.Schedule.expression(spec.schedule()))
              .targets(List.of(new LambdaFunction(fn.alias())))
              .build();
        } else {
          Schedule.Builder.create(this, spec.id() + "Schedule")
              .description("Runs " + spec.id() + " " + spec.schedule())
              .schedule(ScheduleExpression.expression(spec.schedule()))
              .target(
                  new LambdaInvoke(
                      fn.alias(), ScheduleTargetBaseProps.builder().retryAttempts(3).build()))
              .build();
        }
      }
    }
  }

  private static void subscribe(
      software.amazon.awscdk.services.sns.Topic topic, DeployedFunction fn) {
    Subscription subscription = topic.addSubscription(new LambdaSubscription(fn.alias()));
    // SNS delivers to a qualified function ARN (the alias) as it does to a function.
    Validations.of(subscription)
        .acknowledge(
            Acknowledgment.builder()
                .id("CloudFormation-Validate::W3694")
                .reason("A Lambda alias is a valid endpoint of the lambda protocol")
                .build());
  }

  private String context(String key, String defaultValue) {
    Object value = getNode().tryGetContext(key);
    return value == null || String.valueOf(value).isBlank() ? defaultValue : String.valueOf(value);
  }

  DataConstruct data() {
    return data;
  }

  ApiConstruct api() {
    return api;
  }

  /** The CloudFront distribution in front of the API, or null when none is deployed. */
  CloudFrontConstruct cloudFront() {
    return cloudFront;
  }

  /** Every deployed function, keyed by its spec. */
  public Map<FunctionSpec, DeployedFunction> functions() {
    return Map.copyOf(functions);
  }
}
