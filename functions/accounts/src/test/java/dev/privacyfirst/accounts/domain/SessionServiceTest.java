package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.session.SessionTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionServiceTest {
  private final Instant now = Instant.parse("2026-01-01T12:00:00Z");
  private final KeyedHash lookup = new KeyedHash(new byte[32]);
  private final InMemoryPorts.Accounts accounts = new InMemoryPorts.Accounts();
  private final InMemoryPorts.Sessions sessions = new InMemoryPorts.Sessions();
  private final InMemoryPorts.Throttle throttle = new InMemoryPorts.Throttle();
  private final InMemoryPorts.CountingHasher hasher = new InMemoryPorts.CountingHasher();

  private SessionService service(InactiveAccountSignIn hook) {
    return new SessionService(
        accounts,
        sessions,
        throttle,
        lookup,
        hasher,
        hook,
        Duration.ofDays(14),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private void account(String email, String password, AccountStatus status) {
    accounts.create(
        new Account(
            "acc-" + email, "v1.sealed", lookup.hex(email), hasher.hash(password), now, status));
  }

  @Test
  void anUnknownEmailCostsOneVerificationLikeAWrongPassword() {
    account("ann@example.org", "right-password-1", AccountStatus.ACTIVE);
    SessionService service = service(InactiveAccountSignIn.REFUSE);

    var unknown = service.signIn(new SessionService.Credentials("bob@example.org", "anything-1"));
    int afterUnknown = hasher.verifications;
    var wrong = service.signIn(new SessionService.Credentials("ann@example.org", "anything-1"));

    assertThat(unknown).isEqualTo(wrong).isInstanceOf(SignInResult.InvalidCredentials.class);
    assertThat(afterUnknown).isEqualTo(1);
    assertThat(hasher.verifications).isEqualTo(2);
  }

  @Test
  void aSuccessfulSignInStoresOnlyTheTokensHashWithItsExpiry() {
    account("ann@example.org", "right-password-1", AccountStatus.ACTIVE);
    var result =
        (SignInResult.SignedIn)
            service(InactiveAccountSignIn.REFUSE)
                .signIn(new SessionService.Credentials(" Ann@Example.org", "right-password-1"));
    assertThat(sessions.byHash).containsOnlyKeys(SessionTokens.hash(result.token()));
    assertThat(result.expiresAt()).isEqualTo(now.plus(Duration.ofDays(14)));
  }

  @Test
  void unknownEmailsAreLockedLikeKnownOnes() {
    SessionService service = service(InactiveAccountSignIn.REFUSE);
    for (int i = 0; i < 5; i++) {
      assertThat(service.signIn(new SessionService.Credentials("nobody@example.org", "guess-" + i)))
          .isInstanceOf(SignInResult.InvalidCredentials.class);
    }
    assertThat(service.signIn(new SessionService.Credentials("nobody@example.org", "guess-6")))
        .isInstanceOf(SignInResult.TooManyAttempts.class);
  }

  @Test
  void anAccountPendingDeletionCannotSignInUnlessTheHookReactivatesIt() {
    account("ann@example.org", "right-password-1", AccountStatus.DELETION_PENDING);
    var credentials = new SessionService.Credentials("ann@example.org", "right-password-1");

    assertThat(service(InactiveAccountSignIn.REFUSE).signIn(credentials))
        .isInstanceOf(SignInResult.AccountUnavailable.class);
    assertThat(sessions.byHash).isEmpty();

    assertThat(service(a -> a.status() == AccountStatus.DELETION_PENDING).signIn(credentials))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void aDeletedAccountCannotSignIn() {
    account("ann@example.org", "right-password-1", AccountStatus.DELETED);
    assertThat(
            service(InactiveAccountSignIn.REFUSE)
                .signIn(new SessionService.Credentials("ann@example.org", "right-password-1")))
        .isInstanceOf(SignInResult.AccountUnavailable.class);
  }
}
