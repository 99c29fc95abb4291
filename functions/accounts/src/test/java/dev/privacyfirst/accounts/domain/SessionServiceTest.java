package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.testkit.InMemorySessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionServiceTest {
  private final Instant now = Instant.parse("2026-01-01T12:00:00Z");
  private final EmailLookups lookup = new EmailLookups(VersionedHash.single(new byte[32]));
  private final InMemoryPorts.Accounts accounts = new InMemoryPorts.Accounts();
  private final InMemorySessions sessions = new InMemorySessions();
  private final InMemoryPorts.Throttle throttle = new InMemoryPorts.Throttle();
  private final InMemoryPorts.CountingHasher hasher = new InMemoryPorts.CountingHasher();
  private final InMemoryPorts.Tokens tokens = new InMemoryPorts.Tokens();
  private final InMemoryPorts.Mail mail = new InMemoryPorts.Mail();

  private SessionService service(InactiveAccountSignIn hook) {
    return new SessionService(
        accounts,
        sessions,
        throttle,
        lookup,
        hasher,
        hook,
        tokens,
        tokens,
        mail,
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
    assertThat(sessions.tokenHashes()).containsOnly(SessionTokens.hash(result.token()));
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

  /** A hook that reports a pending deletion and records explicit cancels. */
  private final class PendingHook implements InactiveAccountSignIn {
    final java.util.List<String> cancelled = new java.util.ArrayList<>();

    @Override
    public Outcome onSignIn(Account account) {
      return new Outcome.PendingDeletion(now.plus(Duration.ofDays(7)));
    }

    @Override
    public boolean cancelDeletion(String accountId) {
      cancelled.add(accountId);
      accounts.updateStatus(accountId, AccountStatus.DELETION_PENDING, AccountStatus.ACTIVE);
      return true;
    }
  }

  @Test
  void signingInDuringTheGraceWindowReportsTheDeletionAndOnlyTheCancelTokenCancelsIt() {
    account("ann@example.org", "right-password-1", AccountStatus.DELETION_PENDING);
    var credentials = new SessionService.Credentials("ann@example.org", "right-password-1");
    PendingHook hook = new PendingHook();
    SessionService service = service(hook);

    var pending = (SignInResult.DeletionPending) service.signIn(credentials);
    assertThat(pending.scheduledFor()).isEqualTo(now.plus(Duration.ofDays(7)));
    assertThat(pending.cancelTokenExpiresAt()).isEqualTo(now.plus(Duration.ofMinutes(15)));
    assertThat(sessions.tokenHashes()).isEmpty();
    assertThat(hook.cancelled).isEmpty();
    assertThat(accounts.find("acc-ann@example.org").orElseThrow().status())
        .isEqualTo(AccountStatus.DELETION_PENDING);

    assertThat(service.cancelDeletion(SessionTokens.newToken()))
        .isInstanceOf(SignInResult.InvalidToken.class);
    assertThat(service.cancelDeletion(pending.cancelToken()))
        .isInstanceOf(SignInResult.SignedIn.class);
    assertThat(hook.cancelled).containsExactly("acc-ann@example.org");
    assertThat(service.cancelDeletion(pending.cancelToken()))
        .as("single use")
        .isInstanceOf(SignInResult.InvalidToken.class);
  }

  @Test
  void anAccountPendingDeletionCannotSignInWhenTheHookRefuses() {
    account("ann@example.org", "right-password-1", AccountStatus.DELETION_PENDING);
    var credentials = new SessionService.Credentials("ann@example.org", "right-password-1");

    assertThat(service(InactiveAccountSignIn.REFUSE).signIn(credentials))
        .isInstanceOf(SignInResult.AccountUnavailable.class);
    assertThat(sessions.tokenHashes()).isEmpty();
  }

  @Test
  void aSignInLinkWorksOnceWhileThePasswordPathIsLocked() {
    account("ann@example.org", "right-password-1", AccountStatus.ACTIVE);
    SessionService service = service(InactiveAccountSignIn.REFUSE);
    for (int i = 0; i < 6; i++) {
      service.signIn(new SessionService.Credentials("ann@example.org", "attacker-guess-" + i));
    }
    assertThat(
            service.signIn(new SessionService.Credentials("ann@example.org", "right-password-1")))
        .isInstanceOf(SignInResult.TooManyAttempts.class);

    assertThat(service.requestSignInLink(" Ann@Example.org"))
        .isEqualTo(SessionService.LinkRequest.ACCEPTED);
    String token = mail.signInLinks.get("acc-ann@example.org");
    assertThat(tokens.byKey).doesNotContainKey(token + OneTimeTokens.Purpose.SIGN_IN_LINK);

    var signedIn = (SignInResult.SignedIn) service.signInWithLink(token);
    assertThat(signedIn.accountId()).isEqualTo("acc-ann@example.org");
    assertThat(service.signInWithLink(token)).isInstanceOf(SignInResult.InvalidToken.class);
    // The owner proved control of the address, so the others' guesses no longer lock them out.
    assertThat(
            service.signIn(new SessionService.Credentials("ann@example.org", "right-password-1")))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @Test
  void linksAreAnsweredAlikeForEveryAddressAndMailedAtMostFiveTimesADay() {
    account("ann@example.org", "right-password-1", AccountStatus.ACTIVE);
    SessionService service = service(InactiveAccountSignIn.REFUSE);
    assertThat(service.requestSignInLink("nobody@example.org"))
        .isEqualTo(SessionService.LinkRequest.ACCEPTED);
    assertThat(mail.signInLinks).isEmpty();
    java.util.Set<String> issued = new java.util.HashSet<>();
    for (int i = 0; i < 8; i++) {
      assertThat(service.requestSignInLink("ann@example.org"))
          .isEqualTo(SessionService.LinkRequest.ACCEPTED);
      issued.add(mail.signInLinks.get("acc-ann@example.org"));
    }
    assertThat(issued).hasSize(SessionService.LINKS_PER_DAY);
    assertThat(service.requestSignInLink("not an address"))
        .isEqualTo(SessionService.LinkRequest.INVALID_EMAIL);
  }

  @Test
  void anExpiredSignInLinkSignsNobodyIn() {
    account("ann@example.org", "right-password-1", AccountStatus.ACTIVE);
    service(InactiveAccountSignIn.REFUSE).requestSignInLink("ann@example.org");
    String token = mail.signInLinks.get("acc-ann@example.org");
    SessionService later =
        new SessionService(
            accounts,
            sessions,
            throttle,
            lookup,
            hasher,
            InactiveAccountSignIn.REFUSE,
            tokens,
            tokens,
            mail,
            Duration.ofDays(14),
            Clock.fixed(now.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));
    assertThat(later.signInWithLink(token)).isInstanceOf(SignInResult.InvalidToken.class);
    assertThat(later.signInWithLink("not-a-token")).isInstanceOf(SignInResult.InvalidToken.class);
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
