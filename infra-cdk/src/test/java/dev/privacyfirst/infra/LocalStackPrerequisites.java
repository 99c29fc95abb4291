package dev.privacyfirst.infra;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs the LocalStack suite only where it can run, and says why when it does not: Testcontainers'
 * own {@code disabledWithoutDocker} skips silently.
 */
final class LocalStackPrerequisites implements ExecutionCondition {
  /** The HTTP API (API Gateway v2) exists only in LocalStack Pro, which needs an auth token. */
  static final String AUTH_TOKEN = "LOCALSTACK_AUTH_TOKEN";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String dockerProblem = dockerProblem();
    if (dockerProblem != null) {
      return skip("no Docker engine (" + dockerProblem + ")");
    }
    String token = System.getenv(AUTH_TOKEN);
    if (token == null || token.isBlank()) {
      return skip(
          AUTH_TOKEN
              + " is not set (the HTTP API needs the LocalStack Pro image; see localstack/README.md)");
    }
    return ConditionEvaluationResult.enabled("Docker engine and LocalStack auth token present");
  }

  private static ConditionEvaluationResult skip(String reason) {
    String line = "LocalStack suite skipped: " + reason;
    System.out.println(line);
    return ConditionEvaluationResult.disabled(line);
  }

  private static String dockerProblem() {
    try {
      return DockerClientFactory.instance().isDockerAvailable()
          ? null
          : "Testcontainers found no reachable daemon";
    } catch (RuntimeException | LinkageError e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
