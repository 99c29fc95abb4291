package dev.privacyfirst.local;

/**
 * The function failed: its constructor threw (Lambda's init error) or its handler did (a function
 * error). The cause is the handler's own exception.
 */
public final class FunctionFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String functionId;
  private final boolean duringInit;

  FunctionFailedException(String functionId, boolean duringInit, Throwable cause) {
    super(
        "function "
            + functionId
            + (duringInit ? " failed to initialise: " : " failed: ")
            + cause.getClass().getName(),
        cause);
    this.functionId = functionId;
    this.duringInit = duringInit;
  }

  public String functionId() {
    return functionId;
  }

  public boolean duringInit() {
    return duringInit;
  }
}
