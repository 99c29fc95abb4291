package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.DeletionTicket;
import dev.privacyfirst.accounts.domain.Notifier;
import dev.privacyfirst.rights.domain.AccountNotices;
import dev.privacyfirst.rights.domain.Notice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Transactional mail to the account holder through the subject-rights contract's notices: the email
 * capability resolves the address and sends; accounts never sends mail itself. The messages name no
 * personal data beyond what the recipient knows: dates, the request id, a link of their own.
 */
public final class ContractNotifier implements Notifier {
  public static final String CATEGORY = "deletion-confirmation";
  public static final String SECURITY = "security";
  private final AccountNotices notices;
  private final String publicBaseUrl;

  /**
   * @param publicBaseUrl where the API is reached (the sign-in link points there)
   */
  public ContractNotifier(AccountNotices notices, String publicBaseUrl) {
    this.notices = notices;
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
    notices.send(accountId, new Notice(SECURITY, "Your sign-in link", paragraphs));
    return true;
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
    notices.send(accountId, new Notice(CATEGORY, "Your account deletion request", paragraphs));
    return true;
  }
}
