package dev.privacyfirst.common.adapter;

import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** How a cancelled DynamoDB transaction is read: the one place that knows the reason codes. */
public final class DynamoConditions {
  private DynamoConditions() {}

  /**
   * Whether one of the transaction's conditions failed (the state it assumed was not there), as
   * opposed to a conflict, a throttle or a validation error.
   */
  public static boolean failed(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        && e.cancellationReasons().stream()
            .map(CancellationReason::code)
            .anyMatch("ConditionalCheckFailed"::equals);
  }
}
