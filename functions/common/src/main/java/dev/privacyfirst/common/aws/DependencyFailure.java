package dev.privacyfirst.common.aws;

/**
 * An AWS call failed in a way the caller cannot fix (throttling, an outage, a timeout). Adapters
 * turn SDK exceptions into this at their boundary; HTTP handlers answer 503, event handlers rethrow
 * so Lambda retries.
 */
public class DependencyFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DependencyFailure(String what, Throwable cause) {
    super(what, cause);
  }
}
