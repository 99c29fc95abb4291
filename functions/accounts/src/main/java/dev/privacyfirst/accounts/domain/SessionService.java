package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.session.SessionStore;
import dev.privacyfirst.common.session.SessionTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in and sign-out. An unknown email and a wrong password give the same answer after the same
 * work (an Argon2id verification against a dummy hash), and failures are counted per email keyed
 * hash so that the lockout, too, says nothing about whether an account exists.
 */
public final class SessionService {
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  private final AccountRepository accounts;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final KeyedHash emailLookup;
  private final PasswordHasher passwords;
  private final InactiveAccountSignIn inactive;
  private final Duration sessionTtl;
  private final Clock clock;

  public SessionService(
      AccountRepository accounts,
      SessionStore sessions,
      LoginThrottle throttle,
      KeyedHash emailLookup,
      PasswordHasher passwords,
      InactiveAccountSignIn inactive,
      Duration sessionTtl,
      Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.throttle = throttle;
    this.emailLookup = emailLookup;
    this.passwords = passwords;
    this.inactive = inactive;
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
    Optional<String> email = EmailAddresses.normalise(credentials.email());
    if (email.isEmpty()) {
      return new SignInResult.InvalidEmail();
    }
    String lookup = emailLookup.hex(email.get());
    Instant now = clock.instant();
    Optional<Instant> locked = throttle.lockedUntil(lookup, now);
    if (locked.isPresent()) {
      return new SignInResult.TooManyAttempts(Duration.between(now, locked.get()));
    }
    Optional<Account> account = accounts.findIdByEmailLookup(lookup).flatMap(accounts::find);
    boolean verified;
    if (account.isPresent()) {
      verified = passwords.verify(credentials.password(), account.get().passwordHash());
    } else {
      passwords.verifyAgainstDummy(credentials.password());
      verified = false;
    }
    if (!verified) {
      Optional<Instant> lockedNow = throttle.recordFailure(lookup, now);
      if (lockedNow.isPresent()) {
        LOG.info("sign-in locked after repeated failures");
      }
      return new SignInResult.InvalidCredentials();
    }
    Account signedIn = account.get();
    if (!signedIn.status().allowsSignIn() && !inactive.reactivate(signedIn)) {
      return new SignInResult.AccountUnavailable();
    }
    throttle.reset(lookup);
    String token = SessionTokens.newToken();
    Instant createdAt = now.truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = createdAt.plus(sessionTtl);
    String tokenHash = SessionTokens.hash(token);
    sessions.put(new Session(tokenHash, signedIn.id(), createdAt, expiresAt));
    if (signedIn.status().allowsSignIn() && !stillActive(signedIn.id())) {
      // A deletion locked the account while the password was being verified; its sweep of the
      // sessions may have run before this one was written.
      sessions.delete(tokenHash);
      return new SignInResult.AccountUnavailable();
    }
    return new SignInResult.SignedIn(token, expiresAt, signedIn.id());
  }

  private boolean stillActive(String accountId) {
    return accounts.find(accountId).map(a -> a.status().allowsSignIn()).orElse(false);
  }

  /** Revokes the session with this token hash (idempotent). */
  public void signOut(String sessionHash) {
    sessions.delete(sessionHash);
  }
}
