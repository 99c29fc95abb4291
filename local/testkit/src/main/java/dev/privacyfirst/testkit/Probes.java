package dev.privacyfirst.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The one interceptor a test hands to its {@code AwsClients} (and so to the wiring under test),
 * into which it plugs probes for a while: a request counter, an injected crash or failure. The
 * clients are built once; what they report to changes with what the test has plugged in. Plugged
 * probes see the calls of these clients only, never those of another test's clients.
 */
public final class Probes implements ExecutionInterceptor {
  private final List<ExecutionInterceptor> plugged = new CopyOnWriteArrayList<>();

  /** Plugs {@code probe} in until the returned handle is closed. */
  public Plugged plug(ExecutionInterceptor probe) {
    plugged.add(probe);
    return () -> plugged.remove(probe);
  }

  /** Unplugs every probe (for an {@code @AfterEach}). */
  public void clear() {
    plugged.clear();
  }

  /** A plugged probe; closing unplugs it. */
  @FunctionalInterface
  public interface Plugged extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    plugged.forEach(p -> p.beforeExecution(context, attributes));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    plugged.forEach(p -> p.afterExecution(context, attributes));
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    plugged.forEach(p -> p.onExecutionFailure(context, attributes));
  }
}
