package dev.privacyfirst.common.topology;

/**
 * One Lambda function: the handler class the CDK stack deploys and the local cloud instantiates.
 *
 * @param id logical id (CDK construct id, local `invoke` name)
 * @param module the Maven module under functions/ whose deployment jar holds the handler
 * @param handlerClass fully qualified handler class (a {@code RequestHandler})
 * @param trigger what invokes it
 * @param memoryMb memory size
 * @param timeoutSeconds timeout
 * @param schedule for {@link Trigger#SCHEDULE}: an EventBridge expression, e.g. "rate(1 day)"
 */
public record FunctionSpec(
    String id,
    String module,
    String handlerClass,
    Trigger trigger,
    int memoryMb,
    int timeoutSeconds,
    String schedule) {

  public enum Trigger {
    /** API Gateway HTTP API, payload format 2.0. */
    HTTP,
    /** S3 ObjectCreated on the incoming bucket's upload prefix. */
    S3_OBJECT_CREATED,
    /**
     * S3 ObjectCreated on the exports bucket's request prefix: another function asks for work that
     * outlasts an API request (S3 invokes the function asynchronously, with Lambda's retries).
     */
    S3_EXPORT_REQUESTED,
    /** EventBridge schedule (and on-demand invoke). */
    SCHEDULE,
    /** SNS topic (SES event notifications). */
    SNS,
    /**
     * SNS topic fed by an SES receipt rule: mail received at the unsubscribe mailbox (the mailto
     * alternative of List-Unsubscribe).
     */
    SES_INBOUND,
    /** Operator entry point: direct invoke only, never a public route. */
    INVOKE
  }
}
