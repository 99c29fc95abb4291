package dev.privacyfirst.common.metrics;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * Publishes Powertools metrics as CloudWatch embedded-metric-format lines: in Lambda into the
 * function's log, anywhere else (the local cloud, tests, benchmarks) on standard output. Left to
 * itself outside Lambda, the EMF library first probes the EC2 instance-metadata address
 * (169.254.169.254), then a CloudWatch agent on 127.0.0.1:25888, and drops the metrics when neither
 * answers; an explicit {@code AWS_EMF_ENVIRONMENT} still wins.
 */
public final class MetricsPublisher {
  /** The namespace the CDK app gives every function, and the default where none is set. */
  public static final String DEFAULT_NAMESPACE = "PrivacyFirst";

  static {
    if (System.getenv(EnvVars.AWS_LAMBDA_FUNCTION_NAME) == null
        && System.getenv(EnvVars.AWS_EMF_ENVIRONMENT) == null) {
      EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
    }
  }

  private MetricsPublisher() {}

  /** The namespace configured for this function ({@code POWERTOOLS_METRICS_NAMESPACE}). */
  public static String namespace(Config config) {
    return config.get(EnvVars.POWERTOOLS_METRICS_NAMESPACE, DEFAULT_NAMESPACE);
  }

  /** Emits one set of metrics under {@code namespace} now, as one log line. */
  public static void publish(String namespace, Consumer<Metrics> metrics) {
    MetricsFactory.getMetricsInstance()
        .flushMetrics(
            m -> {
              m.setNamespace(namespace);
              metrics.accept(m);
            });
  }

  /**
   * SnapStart priming: one set of metrics serialised as its log line would be (the EMF library's
   * Jackson serialisers built), and not written anywhere, so no made-up metric is ever recorded.
   */
  public static void prime() {
    try {
      MetricsContext context = new MetricsContext();
      context.setNamespace(DEFAULT_NAMESPACE);
      context.putDimension("Priming", "priming");
      context.putMetric("Priming", 1, Unit.COUNT);
      context.serialize();
    } catch (Exception e) {
      throw new IllegalStateException("priming the metrics serialisation failed", e);
    }
  }

  /** Where metrics go in this process: Lambda's log, standard output, or an explicit choice. */
  static Environments destination() {
    return EnvironmentConfigurationProvider.getConfig().getEnvironmentOverride();
  }
}
