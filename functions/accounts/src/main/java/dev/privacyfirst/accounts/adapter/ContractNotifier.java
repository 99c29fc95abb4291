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
  public static final String ACCOUNT_CREATED = "account-created";
  public static final String VERIFICATION = "address-verification";
  public static final String GUARDIAN = "guardian-consent";
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

  /** The page a verification link opens (its button verifies). */
  public static String verificationPath(String token) {
    return "/v1/accounts/verify?t=" + token;
  }

  /** The page a password reset link opens (its form sets the new password). */
  public static String resetPath(String token) {
    return "/v1/password-reset?t=" + token;
  }

  /** The page a guardian's consent link opens (its button gives consent). */
  public static String guardianPath(String token) {
    return "/v1/accounts/guardian-consent?t=" + token;
  }

  @Override
  public void verifyAddress(
      String accountId, String sealedRecipient, String token, Instant expiresAt) {
    notices.send(
        accountId,
        new Notice(
            VERIFICATION,
            "Confirm your address",
            List.of(
                "Someone, hopefully you, opened an account with this address. To confirm that it"
                    + " is yours and open the account, follow this link:",
                publicBaseUrl + verificationPath(token),
                "It works once, until "
                    + expiresAt
                    + " (UTC). If it was not you, ignore this message: without the link the account"
                    + " cannot be used and is discarded, and we send nothing else."),
            sealedRecipient));
  }

  @Override
  public void someoneTriedToSignUp(String accountId) {
    notices.send(
        accountId,
        new Notice(
            SECURITY,
            "Someone tried to sign up with your address",
            List.of(
                "Someone tried to open a new account with this address, which already has an"
                    + " account with us. Nothing was changed and no new account was opened.",
                "If it was you, sign in instead; if you forgot your password, ask for a reset"
                    + " link. If it was not you, you need not do anything.")));
  }

  @Override
  public void accountCreated(String accountId) {
    notices.send(
        accountId,
        new Notice(
            ACCOUNT_CREATED,
            "Your account is open",
            List.of(
                "Your address is confirmed and your account is open.",
                "We keep your email address and a hash of your password; see our privacy policy"
                    + " for everything else you choose to store.")));
  }

  @Override
  public void passwordChanged(String accountId, boolean reset) {
    notices.send(
        accountId,
        new Notice(
            SECURITY,
            reset ? "Your password was reset" : "Your password was changed",
            List.of(
                (reset
                        ? "Your password was reset with a link mailed to this address, and every"
                        : "Your password was changed, and every other")
                    + " session was signed out.",
                "If it was not you, reset your password now with a link from the sign-in page.")));
  }

  @Override
  public void passwordResetLink(String accountId, String token, Instant expiresAt) {
    notices.send(
        accountId,
        new Notice(
            SECURITY,
            "Reset your password",
            List.of(
                "Someone, hopefully you, asked to reset the password of your account:",
                publicBaseUrl + resetPath(token),
                "It works once, until "
                    + expiresAt
                    + " (UTC). If you did not ask for it, ignore this message: your password"
                    + " stays as it is.")));
  }

  @Override
  public void signedOutEverywhere(String accountId) {
    notices.send(
        accountId,
        new Notice(
            SECURITY,
            "You were signed out everywhere",
            List.of(
                "Every session of your account was signed out, as you asked.",
                "If it was not you, reset your password now.")));
  }

  @Override
  public void guardianConsentRequest(
      String accountId, String sealedGuardian, String token, Instant expiresAt) {
    notices.send(
        accountId,
        new Notice(
            GUARDIAN,
            "A young person asks for your consent",
            List.of(
                "Someone who is under 18 opened an account with us and named this address as"
                    + " their parent's or guardian's. The account stays closed until you agree.",
                "To agree, follow this link and press the button:",
                publicBaseUrl + guardianPath(token),
                "It works once, until "
                    + expiresAt
                    + " (UTC). If you do not agree, or do not know who this is, ignore this"
                    + " message and the account is never opened. You can later ask us to delete"
                    + " the account."),
            sealedGuardian));
  }

  /** The page a new address's verification link opens. */
  public static String emailChangePath(String token) {
    return "/v1/email-change/verify?t=" + token;
  }

  /** The page the old address's undo link opens. */
  public static String undoPath(String token) {
    return "/v1/email-change/undo?t=" + token;
  }

  @Override
  public void verifyNewAddress(
      String accountId, String sealedRecipient, String token, Instant expiresAt) {
    notices.send(
        accountId,
        new Notice(
            VERIFICATION,
            "Confirm your new address",
            List.of(
                "Someone, hopefully you, asked to move their account to this address. To confirm"
                    + " that it is yours, follow this link:",
                publicBaseUrl + emailChangePath(token),
                "It works once, until "
                    + expiresAt
                    + " (UTC). If it was not you, ignore this message: nothing changes without"
                    + " the link."),
            sealedRecipient));
  }

  @Override
  public void someoneTriedToUseAddress(String accountId) {
    notices.send(
        accountId,
        new Notice(
            SECURITY,
            "Someone tried to use your address",
            List.of(
                "Someone tried to move another account to this address, which already has an"
                    + " account with us. Nothing was changed.",
                "If it was not you, you need not do anything.")));
  }

  @Override
  public void emailChanged(
      String accountId, String sealedOldAddress, String undoToken, Instant until) {
    notices.send(
        accountId,
        new Notice(
            SECURITY,
            "Your account moved to another address",
            List.of(
                "Your account now uses another address, confirmed by its owner. We will send"
                    + " nothing more to this one.",
                "If it was not you, move the account back to this address and sign out every"
                    + " session with this link (it works once, until "
                    + until
                    + " UTC):",
                publicBaseUrl + undoPath(undoToken)),
            sealedOldAddress));
  }

  @Override
  public void emailNowInUse(String accountId) {
    notices.send(
        accountId,
        new Notice(
            SECURITY,
            "Your account uses this address now",
            List.of(
                "Your account now uses this address. The previous address was told, and can undo"
                    + " the change for a week.")));
  }

  @Override
  public void emailChangeUndone(String accountId) {
    notices.send(
        accountId,
        new Notice(
            SECURITY,
            "The change of address was undone",
            List.of(
                "Your account uses this address again, and every session was signed out.",
                "Reset your password now with a link from the sign-in page: whoever moved the"
                    + " account may know it.")));
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
