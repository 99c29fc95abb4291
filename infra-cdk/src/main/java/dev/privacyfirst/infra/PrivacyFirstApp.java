package dev.privacyfirst.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** The CDK app: one environment-agnostic stack. {@code cdk synth} runs this main. */
public final class PrivacyFirstApp {
  /** Stack name (and construct id). */
  public static final String STACK_NAME = "PrivacyFirst";

  private PrivacyFirstApp() {}

  public static void main(String[] args) {
    App app = new App();
    new PrivacyFirstStack(
        app,
        STACK_NAME,
        StackProps.builder()
            .description("Privacy-first file storage and analytics backend")
            .build());
    app.synth();
  }
}
