package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.rights.domain.ExportJobs;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/** Starts the subject-rights jobs function asynchronously (Lambda event invocation). */
public final class LambdaJobTrigger implements ExportJobs.JobTrigger {
  private final Supplier<LambdaClient> lambda;
  private final String functionName;

  public LambdaJobTrigger(LambdaClient lambda, String functionName) {
    this(() -> lambda, functionName);
  }

  /** On a client made when the first job is started, not in every cold start. */
  private LambdaJobTrigger(Supplier<LambdaClient> lambda, String functionName) {
    this.lambda = lambda;
    this.functionName = functionName;
  }

  /** On the container's Lambda client. */
  public static LambdaJobTrigger fromConfig(AwsClients aws) {
    return new LambdaJobTrigger(
        () -> LambdaAccountNotices.client(aws),
        Functions.deployedName(aws.config(), Functions.RIGHTS_JOBS));
  }

  @Override
  public void exportFiled() {
    try {
      lambda
          .get()
          .invoke(
              r ->
                  r.functionName(functionName)
                      .invocationType(InvocationType.EVENT)
                      .payload(SdkBytes.fromUtf8String("{\"action\":\"run-exports\"}")));
    } catch (SdkException e) {
      throw new DependencyFailure("could not start the export run", e);
    }
  }
}
