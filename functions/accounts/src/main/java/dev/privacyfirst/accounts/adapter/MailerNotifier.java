package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.DeletionTicket;
import dev.privacyfirst.accounts.domain.Notifier;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends through the email module's {@link Mailer} (transactional category {@value #CATEGORY}: sent
 * whatever the promotional preferences, with the preference-center link the mailer adds). The
 * message names no personal data beyond what the recipient knows: dates and the request id.
 */
public final class MailerNotifier implements Notifier {
  public static final String CATEGORY = "deletion-confirmation";
  private final Mailer mailer;

  public MailerNotifier(Mailer mailer) {
    this.mailer = mailer;
  }

  @Override
  public boolean deletionConfirmation(String accountId, DeletionTicket ticket) {
    List<String> paragraphs = new ArrayList<>();
    paragraphs.add(
        "We received your request to delete your account. It can no longer be used, and every"
            + " session was signed out.");
    if (ticket.cancellable()) {
      paragraphs.add(
          "If you change your mind, sign in before "
              + ticket.dueAt()
              + " (UTC) and the deletion is cancelled.");
    }
    paragraphs.add(
        "Your data will be deleted by "
            + ticket.deadline()
            + " (UTC) at the latest. Request reference: "
            + ticket.requestId()
            + ".");
    SendResult result =
        mailer.send(
            new MailRequest(
                Recipient.account(accountId),
                CATEGORY,
                new MessageContent("Your account deletion request", paragraphs),
                null));
    return result instanceof SendResult.Sent;
  }
}
