package dev.privacyfirst.local;

/** The function's handler cannot be loaded: not on the classpath, or not a Lambda handler. */
public final class FunctionUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String functionId;
  private final String reason;

  FunctionUnavailableException(String functionId, String reason, Throwable cause) {
    super("function " + functionId + " is unavailable: " + reason, cause);
    this.functionId = functionId;
    this.reason = reason;
  }

  /** Why, e.g. "handler class x.Y is not on the classpath". */
  public String reason() {
    return reason;
  }

  public String functionId() {
    return functionId;
  }
}
