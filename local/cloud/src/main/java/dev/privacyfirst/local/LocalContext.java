package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.privacyfirst.common.topology.FunctionSpec;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lambda's runtime context for one invocation, as the Java runtime fills it in. */
final class LocalContext implements Context {
  static final String ACCOUNT_ID = "000000000000";

  private final FunctionSpec function;
  private final String requestId;
  private final long deadlineNanos;
  private final String region;
  private final LambdaLogger logger;

  LocalContext(FunctionSpec function, String region) {
    this.function = function;
    this.requestId = UUID.randomUUID().toString();
    this.deadlineNanos = System.nanoTime() + function.timeoutSeconds() * 1_000_000_000L;
    this.region = region;
    this.logger = new Slf4jLambdaLogger(LoggerFactory.getLogger("lambda." + function.id()));
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + function.id();
  }

  @Override
  public String getLogStreamName() {
    return LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]local";
  }

  @Override
  public String getFunctionName() {
    return function.id();
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + region + ":" + ACCOUNT_ID + ":function:" + function.id();
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
  }

  @Override
  public int getMemoryLimitInMB() {
    return function.memoryMb();
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  /** Lambda's logger writes to the function's log stream; here, to an slf4j logger per function. */
  private record Slf4jLambdaLogger(Logger log) implements LambdaLogger {
    @Override
    public void log(String message) {
      log.info("{}", message);
    }

    @Override
    public void log(byte[] message) {
      log.info("{}", new String(message, StandardCharsets.UTF_8));
    }
  }
}
