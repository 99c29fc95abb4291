package dev.privacyfirst.common.logging;

/**
 * A failure handed back to Lambda's runtime, which logs it and retries the event, without the
 * messages of the failure and of its causes. The Java runtime writes an uncaught exception to the
 * function's log through {@code printStackTrace}, every cause's message included, and messages
 * quote what they were given: SES's rejection names the addresses it refused, a parser the text it
 * could not read. What is kept is what the local cloud logs of a failure: each class name (as the
 * message of its stand-in) and its stack frames (PRIVACY.md, no personal data in logs).
 */
public final class RedactedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Causes kept below the failure; a longer chain ends there. */
  private static final int MAX_CAUSES = 8;

  private RedactedFailure(Throwable original, int depth) {
    super(original.getClass().getName(), standInForCause(original, depth), false, true);
    setStackTrace(original.getStackTrace());
  }

  private static RedactedFailure standInForCause(Throwable original, int depth) {
    Throwable cause = original.getCause();
    if (cause == null || cause == original || depth >= MAX_CAUSES) {
      return null;
    }
    return new RedactedFailure(cause, depth + 1);
  }

  /** The failure without any message: its class names and stack frames only. */
  public static RedactedFailure of(Throwable failure) {
    return failure instanceof RedactedFailure redacted ? redacted : new RedactedFailure(failure, 0);
  }
}
