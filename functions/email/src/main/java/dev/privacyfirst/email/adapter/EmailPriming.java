package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DryRun;
import dev.privacyfirst.common.adapter.Priming;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The email functions' SnapStart priming: what every function shares and, where the function sends,
 * the SES client with a dry-run message to a reserved example address (stopped before it is sent).
 * Never calls AWS.
 */
final class EmailPriming {
  private EmailPriming() {}

  /**
   * @param ses the function's own SES client, built here if it was not yet, or null for a function
   *     that never sends
   */
  static void prime(AwsClients aws, Supplier<SesV2Client> ses) {
    Priming.primeCommon(aws);
    if (ses == null) {
      return;
    }
    SesV2Client client = ses.get();
    DryRun.of(
        o ->
            client.sendEmail(
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
