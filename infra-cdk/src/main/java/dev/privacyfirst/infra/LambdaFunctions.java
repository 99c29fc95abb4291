package dev.privacyfirst.infra;

import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.metrics.MetricsPublisher;
import dev.privacyfirst.common.topology.FunctionSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** The settings every function shares, in one place. */
public final class LambdaFunctions {
  /** Metric namespace of every function (Powertools). */
  public static final String METRICS_NAMESPACE = MetricsPublisher.DEFAULT_NAMESPACE;

  /** Name of the alias that every trigger invokes. */
  public static final String ALIAS = "live";

  /** Logs hold no personal data, but there is still no reason to keep them longer than a month. */
  static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;

  private LambdaFunctions() {}

  /**
   * Creates the function of {@code spec}: java25 on arm64, SnapStart on published versions behind
   * the {@value #ALIAS} alias, active tracing, an encrypted log group with retention, its own role
   * (grants are added by the capability) and the Powertools settings on top of {@code environment}.
   */
  public static DeployedFunction create(
      Construct scope, FunctionSpec spec, Map<String, String> environment, IKey key) {
    LogGroup logGroup =
        LogGroup.Builder.create(scope, spec.id() + "Logs")
            .retention(LOG_RETENTION)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

    // An own role without the AWS-managed basic execution policy: it may write to its log group
    // only.
    Role role =
        Role.Builder.create(scope, spec.id() + "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("Execution role of " + spec.id())
            .build();
    logGroup.grantWrite(role);

    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(EnvVars.POWERTOOLS_SERVICE_NAME, spec.id());
    env.put(EnvVars.POWERTOOLS_METRICS_NAMESPACE, METRICS_NAMESPACE);
    env.put(EnvVars.POWERTOOLS_LOG_LEVEL, "INFO");

    Function function =
        Function.Builder.create(scope, spec.id())
            .description(spec.id() + " (functions/" + spec.module() + ")")
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.ARM_64)
            .memorySize(spec.memoryMb())
            .timeout(Duration.seconds(spec.timeoutSeconds()))
            // The class alone: the runtime then calls the interface it implements (every handler
            // is a RequestStreamHandler), never an overload of handleRequest chosen by name.
            .handler(spec.handlerClass())
            .code(Code.fromAsset(FunctionJars.jar(spec.module())))
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .tracing(Tracing.ACTIVE)
            .logGroup(logGroup)
            .role(role)
            .environment(env)
            .build();

    // CDK warns because it cannot see that versions are published: the alias below publishes them.
    Annotations.of(function)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "Published through currentVersion and the live alias");
    Alias alias =
        Alias.Builder.create(scope, spec.id() + "Alias")
            .aliasName(ALIAS)
            .version(function.getCurrentVersion())
            .build();
    return new DeployedFunction(spec, function, alias);
  }
}
