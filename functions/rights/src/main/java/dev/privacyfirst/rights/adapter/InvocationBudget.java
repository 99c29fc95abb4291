package dev.privacyfirst.rights.adapter;

import com.amazonaws.services.lambda.runtime.Context;
import dev.privacyfirst.rights.domain.Budget;

/** The time a Lambda invocation has left, as the {@link Budget} the domain's batches take from. */
public final class InvocationBudget {
  private InvocationBudget() {}

  /**
   * Until only {@code reserveMillis} of the invocation's time is left; without a context (a test or
   * a direct call in this JVM) unlimited.
   */
  public static Budget of(Context context, long reserveMillis) {
    return context == null
        ? Budget.unlimited()
        : Budget.untilRemaining(context::getRemainingTimeInMillis, reserveMillis);
  }
}
