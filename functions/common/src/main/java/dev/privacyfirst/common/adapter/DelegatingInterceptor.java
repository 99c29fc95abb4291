package dev.privacyfirst.common.adapter;

import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Forwards the request-side hook to whatever interceptors are registered at call time. */
public final class DelegatingInterceptor implements ExecutionInterceptor {
  private final List<ExecutionInterceptor> delegates;

  DelegatingInterceptor(List<ExecutionInterceptor> delegates) {
    this.delegates = delegates;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    for (ExecutionInterceptor delegate : delegates) {
      delegate.beforeExecution(context, attributes);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    for (ExecutionInterceptor delegate : delegates) {
      delegate.afterExecution(context, attributes);
    }
  }
}
