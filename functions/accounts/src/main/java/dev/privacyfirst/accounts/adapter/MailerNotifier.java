package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.DeletionTicket;
import dev.privacyfirst.accounts.domain.Notifier;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends through the email module's {@link Mailer} (transactional category {@value #CATEGORY}: sent
 * whatever the promotional preferences, with the preference-center link the mailer adds). The
 * message names no personal data beyond what the recipient knows: dates and the request id.
 */
public final class MailerNotifier implements Notifier {
  public static final String CATEGORY = "deletion-confirmation";
  public static final String SECURITY = "security";
  private final Mailer mailer;
  private final String publicBaseUrl;

  public MailerNotifier(Mailer mailer) {
    this(mailer, "http://localhost:3000");
  }

  /**
   * @param publicBaseUrl where the API is reached (the sign-in link points there)
   */
  public MailerNotifier(Mailer mailer, String publicBaseUrl) {
    this.mailer = mailer;
    this.publicBaseUrl =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
  }

  /** The page a sign-in link opens: it signs in only when its button is pressed (a POST). */
  public static String signInLinkPath(String token) {
    return "/v1/sessions/link?t=" + token;
  }

  @Override
  public boolean signInLink(String accountId, String token, Instant expiresAt) {
    List<String> paragraphs =
        List.of(
            "Someone, hopefully you, asked for a link to sign in to your account without the"
                + " password:",
            publicBaseUrl + signInLinkPath(token),
            "It works once, until "
                + expiresAt
                + " (UTC). If you did not ask for it, ignore this message: nobody can use the link"
                + " without access to your mailbox.");
    SendResult result =
        mailer.send(
            new MailRequest(
                Recipient.account(accountId),
                SECURITY,
                new MessageContent("Your sign-in link", paragraphs),
                null));
    return result instanceof SendResult.Sent;
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
              + " (UTC) and choose to cancel the deletion.");
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
