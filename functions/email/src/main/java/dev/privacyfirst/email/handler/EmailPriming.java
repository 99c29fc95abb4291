package dev.privacyfirst.email.handler;

import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.aws.DryRun;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.startup.Priming;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The email functions' SnapStart priming: what every function shares and, where the function sends,
 * the SES client with a dry-run message to a reserved example address (stopped before it is sent).
 * Never calls AWS.
 */
final class EmailPriming {
  private EmailPriming() {}

  static void prime(Config config, boolean withSes) {
    Priming.primeCommon(config);
    if (!withSes) {
      return;
    }
    try (SesV2Client ses = AwsClients.configure(SesV2Client.builder(), config, "SESV2").build()) {
      DryRun.of(
          o ->
              ses.sendEmail(
                  r ->
                      r.fromEmailAddress("priming@example.invalid")
                          .destination(d -> d.toAddresses("priming@example.invalid"))
                          .content(
                              c ->
                                  c.simple(
                                      m ->
                                          m.subject(s -> s.data("priming"))
                                              .body(b -> b.text(t -> t.data("priming")))))
                          .overrideConfiguration(o)));
    }
  }
}
