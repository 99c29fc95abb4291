package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.accounts.domain.InactiveAccountSignIn.Outcome;
import dev.privacyfirst.accounts.domain.OneTimeTokens.Purpose;
import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.session.SessionStore;
import dev.privacyfirst.common.session.SessionTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in and sign-out. An unknown email and a wrong password give the same answer after the same
 * work (an Argon2id verification against a dummy hash), and attempts are counted per email keyed
 * hash so that the lockout, too, says nothing about whether an account exists. The attempt is
 * counted before the password is checked, so concurrent guesses cannot slip past the count.
 *
 * <p>Because anyone can exhaust an address's password attempts, the owner always has another way
 * in: a single-use sign-in link mailed to the address, valid {@link #LINK_TTL}, at most {@link
 * #LINKS_PER_DAY} a day per address, which the password lockout does not block.
 */
public final class SessionService {
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
  public static final Duration LINK_TTL = Duration.ofMinutes(15);
  public static final Duration CANCEL_TOKEN_TTL = Duration.ofMinutes(15);
  public static final int LINKS_PER_DAY = 5;

  private final AccountRepository accounts;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final EmailLookups emailLookup;
  private final PasswordHasher passwords;
  private final InactiveAccountSignIn inactive;
  private final OneTimeTokens tokens;
  private final MailAllowance allowance;
  private final Notifier notifier;
  private final Duration sessionTtl;
  private final Clock clock;

  public SessionService(
      AccountRepository accounts,
      SessionStore sessions,
      LoginThrottle throttle,
      EmailLookups emailLookup,
      PasswordHasher passwords,
      InactiveAccountSignIn inactive,
      OneTimeTokens tokens,
      MailAllowance allowance,
      Notifier notifier,
      Duration sessionTtl,
      Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.throttle = throttle;
    this.emailLookup = emailLookup;
    this.passwords = passwords;
    this.inactive = inactive;
    this.tokens = tokens;
    this.allowance = allowance;
    this.notifier = notifier;
    this.sessionTtl = sessionTtl;
    this.clock = clock;
  }

  public Duration sessionTtl() {
    return sessionTtl;
  }

  /** Credentials as received. */
  public record Credentials(String email, String password) {
    @Override
    public String toString() {
      return "Credentials[redacted]";
    }
  }

  public SignInResult signIn(Credentials credentials) {
    return signIn(credentials, null);
  }

  /**
   * Signs in with email and password. An address whose account is not verified yet answers that
   * (only to the right password, after the same work as any other attempt), so its owner knows to
   * use the verification mail.
   *
   * @param userAgent the client's User-Agent (only a coarse device description is kept), or null
   */
  public SignInResult signIn(Credentials credentials, String userAgent) {
    Optional<String> email = EmailAddresses.normalise(credentials.email());
    if (email.isEmpty()) {
      return new SignInResult.InvalidEmail();
    }
    String lookup = emailLookup.hex(email.get());
    Instant now = clock.instant();
    Optional<Instant> locked = throttle.reserve(lookup, now);
    if (locked.isPresent()) {
      return new SignInResult.TooManyAttempts(Duration.between(now, locked.get()));
    }
    Optional<Account> account =
        emailLookup.findAccountId(accounts, email.get()).flatMap(accounts::find);
    if (account.isEmpty()) {
      account =
          emailLookup
              .findPendingId(accounts, email.get())
              .flatMap(accounts::find)
              .filter(a -> a.status() == AccountStatus.UNVERIFIED);
    }
    boolean verified;
    if (account.isPresent()) {
      verified = passwords.verify(credentials.password(), account.get().passwordHash());
    } else {
      passwords.verifyAgainstDummy(credentials.password());
      verified = false;
    }
    if (!verified) {
      return new SignInResult.InvalidCredentials();
    }
    throttle.reset(lookup, now);
    return admit(account.get(), now, userAgent);
  }

  /** Whether a sign-in link was asked for with something that is an email address. */
  public enum LinkRequest {
    ACCEPTED,
    INVALID_EMAIL
  }

  /**
   * Mails a sign-in link if an account has this address and the address's daily allowance is not
   * used up. The answer is the same either way, so it reveals neither.
   */
  public LinkRequest requestSignInLink(String rawEmail) {
    Optional<String> email = EmailAddresses.normalise(rawEmail);
    if (email.isEmpty()) {
      return LinkRequest.INVALID_EMAIL;
    }
    String lookup = emailLookup.hex(email.get());
    Instant now = clock.instant();
    // Counted per address whether or not it has an account, so the allowance reveals nothing.
    if (!allowance.take(lookup, now.atZone(ZoneOffset.UTC).toLocalDate(), LINKS_PER_DAY)) {
      LOG.info("sign-in link not sent: the address's daily allowance is used");
      return LinkRequest.ACCEPTED;
    }
    Optional<Account> account =
        emailLookup.findAccountId(accounts, email.get()).flatMap(accounts::find);
    // Only to an account that a link can sign in (or that can cancel its pending deletion): never
    // to an unverified address or a minor's account still waiting for its guardian.
    if (account.isEmpty()
        || (account.get().status() != AccountStatus.ACTIVE
            && account.get().status() != AccountStatus.DELETION_PENDING)) {
      return LinkRequest.ACCEPTED;
    }
    String token = SessionTokens.newToken();
    Instant expiresAt = now.truncatedTo(ChronoUnit.SECONDS).plus(LINK_TTL);
    tokens.store(SessionTokens.hash(token), Purpose.SIGN_IN_LINK, account.get().id(), expiresAt);
    try {
      notifier.signInLink(account.get().id(), token, expiresAt);
    } catch (RuntimeException e) {
      LOG.warn("sign-in link not sent: {}", e.getClass().getSimpleName());
    }
    return LinkRequest.ACCEPTED;
  }

  /** Signs in with a mailed link's token (once); the password lockout does not apply. */
  public SignInResult signInWithLink(String token) {
    return signInWithLink(token, null);
  }

  /** Signs in with a mailed link's token, noting the device it was opened on. */
  public SignInResult signInWithLink(String token, String userAgent) {
    Optional<Account> account = redeem(token, Purpose.SIGN_IN_LINK);
    if (account.isEmpty()) {
      return new SignInResult.InvalidToken();
    }
    Instant now = clock.instant();
    // The owner proved control of the address: the password guesses of others stop counting.
    throttle.reset(account.get().emailLookup(), now);
    return admit(account.get(), now, userAgent);
  }

  /**
   * Opens a session for an account whose owner just proved control of its address (a verification
   * or guardian-consent link that activated it).
   */
  public SignInResult signInVerified(String accountId, String userAgent) {
    Optional<Account> account = accounts.find(accountId);
    if (account.isEmpty()) {
      return new SignInResult.AccountUnavailable();
    }
    return admit(account.get(), clock.instant(), userAgent);
  }

  /** Cancels a pending deletion with the token its owner got when signing in, and signs in. */
  public SignInResult cancelDeletion(String token) {
    Optional<Account> account = redeem(token, Purpose.DELETION_CANCEL);
    if (account.isEmpty()) {
      return new SignInResult.InvalidToken();
    }
    if (!inactive.cancelDeletion(account.get().id())) {
      return new SignInResult.AccountUnavailable();
    }
    return admit(accounts.find(account.get().id()).orElse(account.get()), clock.instant(), null);
  }

  private Optional<Account> redeem(String token, Purpose purpose) {
    if (!SessionTokens.looksValid(token)) {
      return Optional.empty();
    }
    return tokens
        .consume(SessionTokens.hash(token), purpose, clock.instant())
        .flatMap(accounts::find);
  }

  /** Opens a session for an account whose owner just proved who they are. */
  private SignInResult admit(Account account, Instant now, String userAgent) {
    if (account.status() == AccountStatus.UNVERIFIED) {
      return new SignInResult.EmailUnverified();
    }
    if (account.status() == AccountStatus.AWAITING_GUARDIAN) {
      return new SignInResult.GuardianConsentPending();
    }
    if (!account.status().allowsSignIn()) {
      switch (inactive.onSignIn(account)) {
        case Outcome.Reopened r -> {
          // go on
        }
        case Outcome.PendingDeletion p -> {
          String cancel = SessionTokens.newToken();
          Instant expiresAt = now.truncatedTo(ChronoUnit.SECONDS).plus(CANCEL_TOKEN_TTL);
          tokens.store(
              SessionTokens.hash(cancel), Purpose.DELETION_CANCEL, account.id(), expiresAt);
          return new SignInResult.DeletionPending(p.scheduledFor(), cancel, expiresAt);
        }
        case Outcome.Refused r -> {
          return new SignInResult.AccountUnavailable();
        }
      }
    }
    String token = SessionTokens.newToken();
    Instant createdAt = now.truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = createdAt.plus(sessionTtl);
    String tokenHash = SessionTokens.hash(token);
    sessions.put(
        new Session(tokenHash, account.id(), createdAt, expiresAt, Devices.describe(userAgent)));
    if (!stillActive(account.id())) {
      // A deletion locked the account while the password was being verified; its sweep of the
      // sessions may have run before this one was written.
      sessions.delete(tokenHash);
      return new SignInResult.AccountUnavailable();
    }
    return new SignInResult.SignedIn(token, expiresAt, account.id());
  }

  private boolean stillActive(String accountId) {
    return accounts.find(accountId).map(a -> a.status().allowsSignIn()).orElse(false);
  }

  /** Revokes the session with this token hash (idempotent). */
  public void signOut(String sessionHash) {
    sessions.delete(sessionHash);
  }
}
