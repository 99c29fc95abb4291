package dev.privacyfirst.retention;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Throws on the n-th SDK call, before it is sent or after it took effect: a function dying at that
 * point. Plug it into the world's {@code Probes}; disarm it before unplugging it so a call in
 * flight on another thread cannot trip it late.
 */
public final class CrashAt implements ExecutionInterceptor {
  private final int n;
  private final boolean afterEffect;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean armed = true;

  public CrashAt(int n, boolean afterEffect) {
    this.n = n;
    this.afterEffect = afterEffect;
  }

  public void disarm() {
    armed = false;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
    if (armed && !afterEffect && calls.incrementAndGet() == n) {
      throw new IllegalStateException("injected crash before call " + n);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes a) {
    if (armed && afterEffect && calls.incrementAndGet() == n) {
      throw new IllegalStateException("injected crash after call " + n);
    }
  }
}
