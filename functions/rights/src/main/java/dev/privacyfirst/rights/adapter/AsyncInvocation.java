package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Lambda's event invocation of one function: queued, and retried twice by Lambda when it fails. On
 * the container's Lambda client, made on the first invocation, not in every cold start. The
 * notices, the export job trigger and the files module's upload redrive queue through it.
 */
public final class AsyncInvocation {
  private final Supplier<LambdaClient> lambda;
  private final String functionName;

  private AsyncInvocation(Supplier<LambdaClient> lambda, String functionName) {
    this.lambda = lambda;
    this.functionName = functionName;
  }

  /** Of {@code target}, by the name the deployment gave it (its id locally). */
  public static AsyncInvocation of(AwsClients aws, FunctionSpec target) {
    return new AsyncInvocation(() -> client(aws), Functions.deployedName(aws.config(), target));
  }

  /** Queues {@code payload}; a refusal is a {@link DependencyFailure} with {@code failure}. */
  public void queue(String payload, String failure) {
    try {
      lambda
          .get()
          .invoke(
              r ->
                  r.functionName(functionName)
                      .invocationType(InvocationType.EVENT)
                      .payload(SdkBytes.fromUtf8String(payload)));
    } catch (SdkException e) {
      throw new DependencyFailure(failure, e);
    }
  }

  /** The container's one Lambda client. */
  public static LambdaClient client(AwsClients aws) {
    return aws.shared(
        LambdaClient.class, () -> aws.configure(LambdaClient.builder(), "LAMBDA").build());
  }
}
