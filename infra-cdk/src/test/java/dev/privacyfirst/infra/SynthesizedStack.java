package dev.privacyfirst.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesized once per JVM (jsii starts node, the first synth takes many seconds), with
 * cdk-nag's AwsSolutions pack applied so that the same synthesis serves the template assertions and
 * the nag report.
 */
final class SynthesizedStack {
  private SynthesizedStack() {}

  record Synthesized(PrivacyFirstStack stack, Template template, Annotations annotations) {}

  private static Synthesized aws;
  private static Synthesized localstack;

  /** The stack as deployed to AWS (default context). */
  static synchronized Synthesized aws() {
    if (aws == null) {
      aws = synthesize(Map.of());
    }
    return aws;
  }

  /** The stack as deployed to LocalStack ({@code -c localstack=true}). */
  static synchronized Synthesized localstack() {
    if (localstack == null) {
      localstack = synthesize(Map.of(PrivacyFirstStack.LOCALSTACK_CONTEXT, "true"));
    }
    return localstack;
  }

  /** A fresh synthesis with extra context (deployment parameters). */
  static Synthesized withContext(Map<String, Object> context) {
    return synthesize(context);
  }

  static Synthesized synthesize(Map<String, Object> context) {
    App app = new App(AppProps.builder().context(context).build());
    PrivacyFirstStack stack =
        new PrivacyFirstStack(app, PrivacyFirstApp.STACK_NAME, StackProps.builder().build());
    Aspects.of(app).add(new AwsSolutionsChecks());
    Template template = Template.fromStack(stack);
    return new Synthesized(stack, template, Annotations.fromStack(stack));
  }
}
