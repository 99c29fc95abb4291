package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.email.domain.MailTransport;
import dev.privacyfirst.email.domain.OutgoingMessage;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Sends through SES v2 with a configuration set (whose event destination feeds bounces and
 * complaints back). Simple content with custom headers: SES builds the multipart/alternative MIME
 * and keeps List-Unsubscribe and List-Unsubscribe-Post; the SES emulator stores the same headers
 * (it drops them from raw sends, which is why raw MIME is not used).
 */
public final class SesMailTransport implements MailTransport {
  private final Supplier<SesV2Client> ses;
  private final String from;
  private final String configurationSet;

  public SesMailTransport(SesV2Client ses, String from, String configurationSet) {
    this(() -> ses, from, configurationSet);
  }

  /** With a client made on first send (a function that may not send need not build it). */
  public SesMailTransport(Supplier<SesV2Client> ses, String from, String configurationSet) {
    this.ses = ses;
    this.from = from;
    this.configurationSet = configurationSet;
  }

  @Override
  public String send(OutgoingMessage message) {
    SendEmailRequest request =
        SendEmailRequest.builder()
            .fromEmailAddress(from)
            .destination(d -> d.toAddresses(message.to()))
            .configurationSetName(configurationSet)
            .emailTags(t -> t.name("category").value(message.categoryId()))
            .content(
                c ->
                    c.simple(
                        m ->
                            m.subject(s -> s.data(message.subject()).charset("UTF-8"))
                                .body(
                                    b ->
                                        b.text(t -> t.data(message.text()).charset("UTF-8"))
                                            .html(h -> h.data(message.html()).charset("UTF-8")))
                                .headers(
                                    message.headers().stream()
                                        .map(
                                            h ->
                                                MessageHeader.builder()
                                                    .name(h.name())
                                                    .value(h.value())
                                                    .build())
                                        .toList())))
            .build();
    try {
      return ses.get().sendEmail(request).messageId();
    } catch (SdkException e) {
      throw new DependencyFailure("mail service unavailable", e);
    }
  }
}
