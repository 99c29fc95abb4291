package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.accounts.domain.MailAllowance.Kind;
import dev.privacyfirst.accounts.domain.OneTimeTokens.Purpose;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.session.SessionStore;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.rights.domain.Notice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's credentials and sessions: changing the password (the current one required, checked
 * under the same attempt count as sign-in, every other session signed out, a security notice
 * mailed), resetting a forgotten one by an emailed single-use link (every session signed out),
 * listing one's sessions and signing out one or all of them, and moving the account to another
 * address (proved before it takes effect; the old address told and able to undo for a week).
 *
 * <p>Why one class of about 400 lines: the three flows guard the same thing with the same parts.
 * Changing the password and changing the address both check the current password under the sign-in
 * attempt count of the account's address lookup; password change, reset, undo of an address change
 * and sign-out everywhere all end sessions of the same store, and the session list and the password
 * change recognise the caller's own session by the same constant-time hash comparison; every flow
 * mails a security notice that must never fail the change it reports. Split apart, each piece would
 * take most of the twelve collaborators and repeat those rules. The seam, if it grows: the address
 * change ({@code requestEmailChange}, {@code confirmEmailChange}, {@code undoEmailChange}) could
 * become its own service given the throttle and tokens.
 */
public final class CredentialService {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialService.class);
  public static final Duration RESET_TTL = Duration.ofMinutes(30);
  public static final int RESETS_PER_DAY = 3;
  public static final Duration EMAIL_CHANGE_TTL = Duration.ofHours(24);
  public static final Duration UNDO_TTL = Duration.ofDays(7);
  public static final int ADDRESS_MAILS_PER_DAY = 3;

  private final AccountRepository accounts;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final EmailLookups emailLookup;
  private final PasswordHasher passwords;
  private final PasswordPolicy policy;
  private final PersonalDataVault vault;
  private final OneTimeTokens tokens;
  private final MailAllowance allowance;
  private final Notifier notifier;
  private final AddressRegistration registration;
  private final Clock clock;

  public CredentialService(
      AccountRepository accounts,
      SessionStore sessions,
      LoginThrottle throttle,
      EmailLookups emailLookup,
      PasswordHasher passwords,
      PasswordPolicy policy,
      PersonalDataVault vault,
      OneTimeTokens tokens,
      MailAllowance allowance,
      Notifier notifier,
      AddressRegistration registration,
      Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.throttle = throttle;
    this.emailLookup = emailLookup;
    this.passwords = passwords;
    this.policy = policy;
    this.vault = vault;
    this.tokens = tokens;
    this.allowance = allowance;
    this.notifier = notifier;
    this.registration = registration;
    this.clock = clock;
  }

  /** The outcome of changing or resetting a password. */
  public sealed interface PasswordChange {
    record Changed(int sessionsSignedOut) implements PasswordChange {}

    record WrongPassword() implements PasswordChange {}

    record TooManyAttempts(Duration retryAfter) implements PasswordChange {}

    record Weak(String reason) implements PasswordChange {}

    /** A reset link that is unknown, used or expired; or an account that is gone. */
    record InvalidToken() implements PasswordChange {}
  }

  /**
   * Changes the password of a signed-in account: the current password is checked (counted like a
   * sign-in attempt, so a stolen session cannot guess it), every session but this one is signed
   * out, and the owner is told.
   */
  public PasswordChange changePassword(
      String accountId, String currentSessionHash, String current, String next) {
    Optional<Account> found = accounts.find(accountId);
    if (found.isEmpty() || !found.get().status().allowsSignIn()) {
      return new PasswordChange.InvalidToken();
    }
    Account account = found.get();
    // Checked before the attempt is counted: a refused new password says nothing about the current.
    Optional<String> weak = weakness(account, next);
    if (weak.isPresent()) {
      return new PasswordChange.Weak(weak.get());
    }
    Instant now = clock.instant();
    Optional<Instant> locked = throttle.reserve(account.emailLookup(), now);
    if (locked.isPresent()) {
      return new PasswordChange.TooManyAttempts(Duration.between(now, locked.get()));
    }
    if (!passwords.verify(current, account.passwordHash())) {
      return new PasswordChange.WrongPassword();
    }
    throttle.reset(account.emailLookup(), now);
    accounts.updatePasswordHash(accountId, passwords.hash(next));
    int signedOut = 0;
    for (Session session : sessions.listFor(accountId)) {
      if (!sameHash(session.tokenHash(), currentSessionHash)) {
        sessions.delete(session.tokenHash());
        signedOut++;
      }
    }
    LOG.info("password changed; {} other sessions signed out", signedOut);
    sendQuietly(() -> notifier.passwordChanged(accountId, false));
    return new PasswordChange.Changed(signedOut);
  }

  private Optional<String> weakness(Account account, String password) {
    String email =
        vault.open(account.id(), AccountService.EMAIL_FIELD, account.sealedEmail()).orElse("");
    return policy.problem(password, email);
  }

  /**
   * Mails a password reset link if an active account has this address and the address's daily
   * allowance is not used up; the caller's answer is the same either way.
   *
   * @return false only when {@code rawEmail} is not an email address
   */
  public boolean requestReset(String rawEmail) {
    Optional<String> email = EmailAddresses.normalise(rawEmail);
    if (email.isEmpty()) {
      return false;
    }
    String lookup = emailLookup.hex(email.get());
    Instant now = clock.instant();
    if (!allowance.take(
        lookup, Kind.PASSWORD_RESET, now.atZone(ZoneOffset.UTC).toLocalDate(), RESETS_PER_DAY)) {
      LOG.info("reset link not sent: the address's daily allowance is used");
      return true;
    }
    Optional<Account> account =
        emailLookup.findAccountId(accounts, email.get()).flatMap(accounts::find);
    if (account.isEmpty() || !account.get().status().allowsSignIn()) {
      return true;
    }
    String token = SessionTokens.newToken();
    Instant expiresAt = now.truncatedTo(ChronoUnit.SECONDS).plus(RESET_TTL);
    tokens.store(SessionTokens.hash(token), Purpose.PASSWORD_RESET, account.get().id(), expiresAt);
    sendQuietly(() -> notifier.passwordResetLink(account.get().id(), token, expiresAt));
    return true;
  }

  /**
   * Sets a new password with a reset link's token (once): every session is signed out, the password
   * attempt count is cleared, and the owner is told. A weak password leaves the link usable.
   */
  public PasswordChange reset(String token, String next) {
    if (!SessionTokens.looksValid(token)) {
      return new PasswordChange.InvalidToken();
    }
    String hash = SessionTokens.hash(token);
    Instant now = clock.instant();
    Optional<Account> peeked =
        tokens.peek(hash, Purpose.PASSWORD_RESET, now).flatMap(accounts::find);
    if (peeked.isEmpty() || !peeked.get().status().allowsSignIn()) {
      return new PasswordChange.InvalidToken();
    }
    Optional<String> weak = weakness(peeked.get(), next);
    if (weak.isPresent()) {
      return new PasswordChange.Weak(weak.get());
    }
    Optional<Account> account =
        tokens.consume(hash, Purpose.PASSWORD_RESET, now).flatMap(accounts::find);
    if (account.isEmpty()) {
      return new PasswordChange.InvalidToken();
    }
    String id = account.get().id();
    accounts.updatePasswordHash(id, passwords.hash(next));
    int signedOut = sessions.deleteAllFor(id);
    throttle.reset(account.get().emailLookup(), now);
    LOG.info("password reset; {} sessions signed out", signedOut);
    sendQuietly(() -> notifier.passwordChanged(id, true));
    return new PasswordChange.Changed(signedOut);
  }

  /** One of the owner's sessions as they see it: a public id, never the token or its hash. */
  public record SessionView(
      String id, Instant createdAt, Instant expiresAt, String device, boolean current) {}

  /** The account's live sessions, newest first. */
  public List<SessionView> sessions(String accountId, String currentSessionHash) {
    Instant now = clock.instant();
    return sessions.listFor(accountId).stream()
        .filter(s -> !s.isExpiredAt(now))
        .sorted(Comparator.comparing(Session::createdAt).reversed())
        .map(
            s ->
                new SessionView(
                    publicId(s.tokenHash()),
                    s.createdAt(),
                    s.expiresAt(),
                    s.device() == null ? "Unknown device" : s.device(),
                    sameHash(s.tokenHash(), currentSessionHash)))
        .toList();
  }

  /** Signs out one of the account's own sessions by its public id; false if it has none such. */
  public boolean signOut(String accountId, String sessionId) {
    for (Session session : sessions.listFor(accountId)) {
      if (sameHash(publicId(session.tokenHash()), sessionId)) {
        sessions.delete(session.tokenHash());
        return true;
      }
    }
    return false;
  }

  /** Signs out every session of the account (this one included) and tells the owner. */
  public int signOutEverywhere(String accountId) {
    int signedOut = sessions.deleteAllFor(accountId);
    LOG.info("signed out everywhere: {} sessions", signedOut);
    sendQuietly(() -> notifier.signedOutEverywhere(accountId));
    return signedOut;
  }

  /** Compares two hashes (hex) in time that does not depend on where they differ. */
  private static boolean sameHash(String a, String b) {
    return a != null
        && b != null
        && java.security.MessageDigest.isEqual(
            a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /**
   * A session's public id: derived from the token's hash one way again, so that the list shows
   * nothing that is stored as a credential.
   */
  static String publicId(String tokenHash) {
    return SessionTokens.hash("session-id:" + tokenHash).substring(0, 32);
  }

  private static void sendQuietly(Runnable send) {
    try {
      send.run();
    } catch (RuntimeException e) {
      LOG.warn("security notice not sent: {}", e.getClass().getSimpleName());
    }
  }

  /** The outcome of asking to move the account to another address. */
  public sealed interface EmailChangeRequest {
    /** Accepted: the new address gets a link (or its owner a notice, or nothing past the limit). */
    record Requested() implements EmailChangeRequest {}

    record WrongPassword() implements EmailChangeRequest {}

    record TooManyAttempts(Duration retryAfter) implements EmailChangeRequest {}

    record InvalidEmail() implements EmailChangeRequest {}

    record SameAddress() implements EmailChangeRequest {}

    record NoAccount() implements EmailChangeRequest {}
  }

  /**
   * Asks to move the account to another address: the current password is required; the account
   * moves only when the new address's owner follows the link mailed to it. The answer is the same
   * whether or not the new address has an account (whose owner gets a notice instead).
   */
  public EmailChangeRequest requestEmailChange(
      String accountId, String currentPassword, String rawNewEmail) {
    Optional<String> next = EmailAddresses.normalise(rawNewEmail);
    if (next.isEmpty()) {
      return new EmailChangeRequest.InvalidEmail();
    }
    Optional<Account> found = accounts.find(accountId);
    if (found.isEmpty() || !found.get().status().allowsSignIn()) {
      return new EmailChangeRequest.NoAccount();
    }
    Account account = found.get();
    String newLookup = emailLookup.hex(next.get());
    if (emailLookup.all(next.get()).contains(account.emailLookup())) {
      return new EmailChangeRequest.SameAddress();
    }
    Instant now = clock.instant();
    Optional<Instant> locked = throttle.reserve(account.emailLookup(), now);
    if (locked.isPresent()) {
      return new EmailChangeRequest.TooManyAttempts(Duration.between(now, locked.get()));
    }
    if (!passwords.verify(currentPassword, account.passwordHash())) {
      return new EmailChangeRequest.WrongPassword();
    }
    throttle.reset(account.emailLookup(), now);
    if (!allowance.take(
        newLookup, Kind.SIGN_UP, now.atZone(ZoneOffset.UTC).toLocalDate(), ADDRESS_MAILS_PER_DAY)) {
      LOG.info("address change not mailed: the new address's daily allowance is used");
      return new EmailChangeRequest.Requested();
    }
    Optional<String> owner = emailLookup.findAccountId(accounts, next.get());
    if (owner.isPresent()) {
      sendQuietly(() -> notifier.someoneTriedToUseAddress(owner.get()));
      return new EmailChangeRequest.Requested();
    }
    String token = SessionTokens.newToken();
    Instant expiresAt = now.truncatedTo(ChronoUnit.SECONDS).plus(EMAIL_CHANGE_TTL);
    accounts.stashEmail(
        accountId,
        EmailSwap.Slot.PENDING,
        new EmailSwap(
            vault.seal(accountId, AccountService.EMAIL_FIELD, next.get()),
            newLookup,
            SessionTokens.hash(token)));
    tokens.store(SessionTokens.hash(token), Purpose.EMAIL_CHANGE, accountId, expiresAt);
    String recipient = vault.seal(accountId, Notice.RECIPIENT_FIELD, next.get());
    sendQuietly(() -> notifier.verifyNewAddress(accountId, recipient, token, expiresAt));
    LOG.info("address change requested");
    return new EmailChangeRequest.Requested();
  }

  /** The outcome of following an address-change or undo link. */
  public sealed interface EmailChangeResult {
    record Moved(String email) implements EmailChangeResult {
      @Override
      public String toString() {
        return "Moved[redacted]";
      }
    }

    /** The address was taken by another account in the meantime; nothing changed. */
    record AddressTaken() implements EmailChangeResult {}

    record InvalidToken() implements EmailChangeResult {}
  }

  /**
   * Moves the account to the new address whose owner followed the link (once): the old address is
   * told, with a link that moves the account back for {@link #UNDO_TTL}.
   */
  public EmailChangeResult confirmEmailChange(String token) {
    Optional<Stashed> stashed = redeemStashed(token, Purpose.EMAIL_CHANGE, EmailSwap.Slot.PENDING);
    if (stashed.isEmpty()) {
      return new EmailChangeResult.InvalidToken();
    }
    Account account = stashed.get().account();
    EmailLookups.Refiled to = emailLookup.refile(vault, account.id(), stashed.get().swap());
    Instant now = clock.instant();
    String undo = SessionTokens.newToken();
    Instant undoUntil = now.truncatedTo(ChronoUnit.SECONDS).plus(UNDO_TTL);
    EmailSwap old =
        new EmailSwap(account.sealedEmail(), account.emailLookup(), SessionTokens.hash(undo));
    if (!accounts.swapEmail(
        account.id(), account.emailLookup(), to.swap(), to.guards(), EmailSwap.Slot.PENDING, old)) {
      return new EmailChangeResult.AddressTaken();
    }
    tokens.store(SessionTokens.hash(undo), Purpose.EMAIL_CHANGE_UNDO, account.id(), undoUntil);
    registration.registered(account.id(), to.swap().sealedEmail(), true);
    LOG.info("address changed");
    Optional<String> oldAddress =
        vault.open(account.id(), AccountService.EMAIL_FIELD, account.sealedEmail());
    oldAddress.ifPresent(
        address -> {
          String recipient = vault.seal(account.id(), Notice.RECIPIENT_FIELD, address);
          sendQuietly(() -> notifier.emailChanged(account.id(), recipient, undo, undoUntil));
        });
    sendQuietly(() -> notifier.emailNowInUse(account.id()));
    return new EmailChangeResult.Moved(
        vault.open(account.id(), AccountService.EMAIL_FIELD, to.swap().sealedEmail()).orElse(""));
  }

  /**
   * Moves the account back to the address it left (once, within {@link #UNDO_TTL}), and signs out
   * every session: whoever moved it away is out.
   */
  public EmailChangeResult undoEmailChange(String token) {
    Optional<Stashed> stashed =
        redeemStashed(token, Purpose.EMAIL_CHANGE_UNDO, EmailSwap.Slot.UNDO);
    if (stashed.isEmpty()) {
      return new EmailChangeResult.InvalidToken();
    }
    Account account = stashed.get().account();
    EmailLookups.Refiled refiled = emailLookup.refile(vault, account.id(), stashed.get().swap());
    EmailSwap back = refiled.swap();
    if (!accounts.swapEmail(
        account.id(), account.emailLookup(), back, refiled.guards(), EmailSwap.Slot.UNDO, null)) {
      return new EmailChangeResult.AddressTaken();
    }
    int signedOut = sessions.deleteAllFor(account.id());
    registration.registered(account.id(), back.sealedEmail(), true);
    LOG.info("address change undone; {} sessions signed out", signedOut);
    sendQuietly(() -> notifier.emailChangeUndone(account.id()));
    return new EmailChangeResult.Moved(
        vault.open(account.id(), AccountService.EMAIL_FIELD, back.sealedEmail()).orElse(""));
  }

  private record Stashed(Account account, EmailSwap swap) {}

  private Optional<Stashed> redeemStashed(String token, Purpose purpose, EmailSwap.Slot slot) {
    if (!SessionTokens.looksValid(token)) {
      return Optional.empty();
    }
    String hash = SessionTokens.hash(token);
    Optional<Account> account =
        tokens.consume(hash, purpose, clock.instant()).flatMap(accounts::find);
    if (account.isEmpty() || !account.get().status().allowsSignIn()) {
      return Optional.empty();
    }
    // Only the latest request's link: a newer one replaced the slot, and this token with it.
    return accounts
        .stashedEmail(account.get().id(), slot)
        .filter(swap -> sameHash(swap.tokenHash(), hash))
        .map(swap -> new Stashed(account.get(), swap));
  }
}
