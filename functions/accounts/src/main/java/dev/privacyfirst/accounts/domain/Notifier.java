package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/**
 * Transactional mail to an account holder (port; the email capability in production). Every notice
 * goes to the account's verified address, except those that name a sealed recipient (an address
 * sealed under the account's key for a notice): the verification of a new address and a guardian's
 * consent request.
 */
public interface Notifier {
  /** Confirms a deletion request to the account's address; false when no mail was sent. */
  boolean deletionConfirmation(String accountId, DeletionTicket ticket);

  /** Mails a sign-in link carrying {@code token}; false when no mail was sent. */
  boolean signInLink(String accountId, String token, Instant expiresAt);

  /** Mails the link that verifies the address an account was opened with (sealed recipient). */
  void verifyAddress(String accountId, String sealedRecipient, String token, Instant expiresAt);

  /** Tells an account's owner that someone tried to open another account with their address. */
  void someoneTriedToSignUp(String accountId);

  /** Confirms that the account is open (category account-created). */
  void accountCreated(String accountId);

  /** Tells the owner the password was changed or reset and other sessions signed out. */
  void passwordChanged(String accountId, boolean reset);

  /** Mails a password reset link. */
  void passwordResetLink(String accountId, String token, Instant expiresAt);

  /** Tells the owner every session was signed out. */
  void signedOutEverywhere(String accountId);

  /** Mails a guardian the link to allow a minor's account (sealed recipient). */
  void guardianConsentRequest(
      String accountId, String sealedGuardian, String token, Instant expiresAt);

  /** Mails the link that proves a new address before the account moves to it (sealed recipient). */
  void verifyNewAddress(String accountId, String sealedRecipient, String token, Instant expiresAt);

  /** Tells an account's owner that someone tried to move another account to their address. */
  void someoneTriedToUseAddress(String accountId);

  /**
   * Tells the old address (sealed recipient) that the account moved away from it, with the link
   * that moves it back.
   */
  void emailChanged(String accountId, String sealedOldAddress, String undoToken, Instant until);

  /** Tells the account's (new) address that the account now uses it. */
  void emailNowInUse(String accountId);

  /** Tells the (restored) address that a change was undone and every session signed out. */
  void emailChangeUndone(String accountId);
}
