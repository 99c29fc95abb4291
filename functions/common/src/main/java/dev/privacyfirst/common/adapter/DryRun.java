package dev.privacyfirst.common.adapter;

import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A request that goes through a client's whole request path (validation, marshalling, endpoint
 * rules, credentials, signing, interceptors) and stops right before it would be sent. Priming
 * exercises the SDK with it before a SnapStart snapshot without calling AWS. Only clients built by
 * {@link AwsClients#configure} stop: they carry the {@link #INTERCEPTOR}.
 */
public final class DryRun {
  /** Marks a request as a dry run. */
  public static final ExecutionAttribute<Boolean> ATTRIBUTE =
      new ExecutionAttribute<>("PrivacyFirstDryRun");

  /** Stops a marked request after signing, before transmission. */
  static final ExecutionInterceptor INTERCEPTOR =
      new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(
            Context.BeforeTransmission context, ExecutionAttributes attributes) {
          if (Boolean.TRUE.equals(attributes.getAttribute(ATTRIBUTE))) {
            throw new Stopped();
          }
        }
      };

  private DryRun() {}

  /** What the interceptor throws instead of sending; the SDK may wrap it. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("dry run: not sent", null, false, false);
    }
  }

  /**
   * Calls {@code call} with an override configuration that marks its request as a dry run, e.g.
   * {@code DryRun.of(o -> dynamo.getItem(r -> r.tableName(t).key(k).overrideConfiguration(o)))}.
   *
   * @throws IllegalStateException if the request was not stopped (sent, or failed before signing)
   */
  public static void of(Consumer<AwsRequestOverrideConfiguration> call) {
    AwsRequestOverrideConfiguration marked =
        AwsRequestOverrideConfiguration.builder().putExecutionAttribute(ATTRIBUTE, true).build();
    try {
      call.accept(marked);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof Stopped) {
          return;
        }
      }
      throw new IllegalStateException("dry run failed before it reached the wire", e);
    }
    throw new IllegalStateException("dry run was not stopped: the client lacks the interceptor");
  }
}
