package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.rights.domain.ExportJobs;

/** Starts the subject-rights jobs function asynchronously (Lambda event invocation). */
public final class LambdaJobTrigger implements ExportJobs.JobTrigger {
  private final AsyncInvocation jobs;

  private LambdaJobTrigger(AsyncInvocation jobs) {
    this.jobs = jobs;
  }

  /** On the container's Lambda client, made when the first job is started. */
  public static LambdaJobTrigger fromConfig(AwsClients aws) {
    return new LambdaJobTrigger(AsyncInvocation.of(aws, Functions.RIGHTS_JOBS));
  }

  @Override
  public void exportFiled() {
    jobs.queue("{\"action\":\"run-exports\"}", "could not start the export run");
  }
}
