package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.DeletionTicket;
import dev.privacyfirst.accounts.domain.Notifier;
import dev.privacyfirst.rights.domain.AccountNotices;
import dev.privacyfirst.rights.domain.Notice;
import java.util.ArrayList;
import java.util.List;

/**
 * Transactional mail to the account holder through the subject-rights contract's notices (the email
 * capability resolves the address and sends; category {@value #CATEGORY}). The message names no
 * personal data beyond what the recipient knows: dates and the request id.
 */
public final class ContractNotifier implements Notifier {
  public static final String CATEGORY = "deletion-confirmation";
  private final AccountNotices notices;

  public ContractNotifier(AccountNotices notices) {
    this.notices = notices;
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
    notices.send(accountId, new Notice(CATEGORY, "Your account deletion request", paragraphs));
    return true;
  }
}
