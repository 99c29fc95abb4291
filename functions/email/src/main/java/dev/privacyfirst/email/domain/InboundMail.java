package dev.privacyfirst.email.domain;

import java.util.List;

/**
 * What the mailto unsubscribe channel reads of a received message: the addresses it was delivered
 * to (the envelope recipients SES reports, then the To and Cc headers) and its decoded subject.
 * Nothing else of the message (sender, body) is read or kept.
 */
public record InboundMail(List<String> recipients, String subject) {
  public InboundMail {
    recipients = List.copyOf(recipients);
    subject = subject == null ? "" : subject;
  }

  @Override
  public String toString() {
    return "InboundMail[recipients=" + recipients.size() + "]";
  }
}
