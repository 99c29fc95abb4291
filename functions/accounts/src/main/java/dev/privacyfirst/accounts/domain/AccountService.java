package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.accounts.domain.MailAllowance.Kind;
import dev.privacyfirst.accounts.domain.OneTimeTokens.Purpose;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.rights.domain.Notice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up, address verification, guardian consent and the owner's view of the account. The storage
 * policy says "when you create an account, we only save your email and your password": the email is
 * kept sealed under the account's own data key (plus its keyed hash for lookups), the password only
 * as an Argon2id hash, and the birth date is checked and forgotten.
 *
 * <p>Sign-up proves nothing about the address, so it answers the same whether or not the address is
 * taken and opens nothing usable: it writes an {@link AccountStatus#UNVERIFIED} account (which
 * takes no email lookup, so the address stays free for whoever proves it) and mails a single-use
 * link, valid {@link #VERIFICATION_TTL}, to the address. The owner of a taken address gets a notice
 * instead. Both count against the address's daily sign-up mail allowance, {@link
 * #SIGN_UP_MAILS_PER_DAY}; past it nothing is written or sent, and the answer is still the same.
 * Only verifying the link takes the address, registers it in the contract's directory (so only a
 * verified address ever gets other mail) and sends the account-created notice, the first mail to
 * the account, which lifts an erasure marker on the address.
 */
public final class AccountService {
  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
  public static final String EMAIL_FIELD = "email";
  public static final String GUARDIAN_FIELD = "guardian-email";
  public static final Duration VERIFICATION_TTL = Duration.ofHours(24);
  public static final Duration GUARDIAN_CONSENT_TTL = Duration.ofDays(7);
  public static final int SIGN_UP_MAILS_PER_DAY = 3;
  public static final int GUARDIAN_MAILS_PER_DAY = 3;

  private final AccountRepository accounts;
  private final PersonalDataVault vault;
  private final EmailLookups emailLookup;
  private final PasswordHasher passwords;
  private final PasswordPolicy passwordPolicy;
  private final AgePolicy agePolicy;
  private final Clock clock;
  private final AddressRegistration addressRegistration;
  private final OneTimeTokens tokens;
  private final MailAllowance allowance;
  private final Notifier notifier;

  public AccountService(
      AccountRepository accounts,
      PersonalDataVault vault,
      EmailLookups emailLookup,
      PasswordHasher passwords,
      PasswordPolicy passwordPolicy,
      AgePolicy agePolicy,
      Clock clock,
      AddressRegistration addressRegistration,
      OneTimeTokens tokens,
      MailAllowance allowance,
      Notifier notifier) {
    this.addressRegistration = addressRegistration;
    this.accounts = accounts;
    this.vault = vault;
    this.emailLookup = emailLookup;
    this.passwords = passwords;
    this.passwordPolicy = passwordPolicy;
    this.agePolicy = agePolicy;
    this.clock = clock;
    this.tokens = tokens;
    this.allowance = allowance;
    this.notifier = notifier;
  }

  /**
   * A sign-up request as received; the birth date is only checked, never stored; the guardian's
   * address (null when none was given) is needed between the minimum and the adult age.
   */
  public record SignUp(String email, String password, String birthDate, String guardianEmail) {
    public SignUp(String email, String password, String birthDate) {
      this(email, password, birthDate, null);
    }

    @Override
    public String toString() {
      return "SignUp[redacted]";
    }
  }

  public SignUpResult signUp(SignUp request) {
    Optional<String> email = EmailAddresses.normalise(request.email());
    if (email.isEmpty()) {
      return new SignUpResult.InvalidEmail();
    }
    String guardian = null;
    switch (agePolicy.check(request.birthDate())) {
      case INVALID -> {
        return new SignUpResult.InvalidBirthDate();
      }
      case TOO_YOUNG -> {
        LOG.info("sign-up refused: under the minimum age");
        return new SignUpResult.UnderMinimumAge(agePolicy.minimumYears());
      }
      case NEEDS_GUARDIAN -> {
        Optional<String> given =
            request.guardianEmail() == null
                ? Optional.empty()
                : EmailAddresses.normalise(request.guardianEmail());
        if (given.isEmpty() || given.get().equals(email.get())) {
          return new SignUpResult.GuardianRequired(agePolicy.adultYears());
        }
        guardian = given.get();
      }
      case OLD_ENOUGH -> {
        // go on
      }
    }
    Optional<String> weak = passwordPolicy.problem(request.password(), email.get());
    if (weak.isPresent()) {
      return new SignUpResult.WeakPassword(weak.get());
    }
    // Hashed whatever happens next, so that a taken address costs as much time as a free one.
    String hash = passwords.hash(request.password());
    String lookup = emailLookup.hex(email.get());
    Instant now = clock.instant();
    if (!allowance.take(
        lookup, Kind.SIGN_UP, now.atZone(ZoneOffset.UTC).toLocalDate(), SIGN_UP_MAILS_PER_DAY)) {
      LOG.info("sign-up not mailed: the address's daily allowance is used");
      return new SignUpResult.Accepted();
    }
    Optional<String> owner = emailLookup.findAccountId(accounts, email.get());
    if (owner.isPresent()) {
      sendQuietly(() -> notifier.someoneTriedToSignUp(owner.get()), "sign-up attempt notice");
      return new SignUpResult.Accepted();
    }
    String id = UUID.randomUUID().toString();
    Instant createdAt = now.truncatedTo(ChronoUnit.MILLIS);
    Instant verifyBy = now.truncatedTo(ChronoUnit.SECONDS).plus(VERIFICATION_TTL);
    String sealed = vault.seal(id, EMAIL_FIELD, email.get());
    String sealedGuardian = guardian == null ? null : vault.seal(id, GUARDIAN_FIELD, guardian);
    String recipient = vault.seal(id, Notice.RECIPIENT_FIELD, email.get());
    String token = SessionTokens.newToken();
    try {
      accounts.createUnverified(
          new Account(id, sealed, lookup, hash, createdAt, AccountStatus.UNVERIFIED),
          verifyBy,
          sealedGuardian);
      tokens.store(SessionTokens.hash(token), Purpose.VERIFY_ADDRESS, id, verifyBy);
    } catch (RuntimeException e) {
      discardKey(id);
      throw e;
    }
    LOG.info("unverified account created");
    sendQuietly(() -> notifier.verifyAddress(id, recipient, token, verifyBy), "verification");
    return new SignUpResult.Accepted();
  }

  /** The outcome of following a verification or guardian-consent link. */
  public sealed interface Verification {
    /** The account is open: sign it in. */
    record Verified(String accountId) implements Verification {}

    /** The address is proved; the account waits for its guardian's consent, now requested. */
    record AwaitingGuardian(String accountId) implements Verification {}

    /** Another account verified this address first; this one was discarded. */
    record AddressTaken() implements Verification {}

    /** Unknown, used or expired: deliberately one answer. */
    record InvalidToken() implements Verification {}
  }

  /** Verifies the address an account was opened with (once), and opens the account. */
  public Verification verify(String token) {
    Optional<Account> account = redeem(token, Purpose.VERIFY_ADDRESS);
    if (account.isEmpty() || account.get().status() != AccountStatus.UNVERIFIED) {
      return new Verification.InvalidToken();
    }
    Account a = account.get();
    Optional<String> sealedGuardian = accounts.sealedGuardian(a.id());
    AccountStatus next =
        sealedGuardian.isPresent() ? AccountStatus.AWAITING_GUARDIAN : AccountStatus.ACTIVE;
    Instant now = clock.instant();
    // A minor's account stays in the expiry index until its guardian's link has expired.
    Instant keepUntil =
        next == AccountStatus.ACTIVE
            ? null
            : now.truncatedTo(ChronoUnit.SECONDS).plus(GUARDIAN_CONSENT_TTL).plusSeconds(60);
    // Filed under the current key version, whatever version the sign-up was hashed under.
    Optional<String> address = vault.open(a.id(), EMAIL_FIELD, a.sealedEmail());
    String lookup = address.map(emailLookup::hex).orElse(a.emailLookup());
    java.util.List<String> guards = address.map(emailLookup::older).orElse(java.util.List.of());
    if (!accounts.activate(a.id(), lookup, guards, next, keepUntil)) {
      if (accounts.discardUnverified(a.id())) {
        discardKey(a.id());
      }
      LOG.info("verification refused: the address was verified by another account first");
      return new Verification.AddressTaken();
    }
    addressRegistration.registered(a.id(), a.sealedEmail(), next == AccountStatus.ACTIVE);
    LOG.info("address verified");
    if (next == AccountStatus.ACTIVE) {
      sendQuietly(() -> notifier.accountCreated(a.id()), "account-created notice");
      return new Verification.Verified(a.id());
    }
    requestGuardianConsent(a.id(), sealedGuardian.get(), now);
    return new Verification.AwaitingGuardian(a.id());
  }

  private void requestGuardianConsent(String accountId, String sealedGuardian, Instant now) {
    Optional<String> guardian = vault.open(accountId, GUARDIAN_FIELD, sealedGuardian);
    if (guardian.isEmpty()) {
      return;
    }
    if (!allowance.take(
        emailLookup.hex(guardian.get()),
        Kind.GUARDIAN,
        now.atZone(ZoneOffset.UTC).toLocalDate(),
        GUARDIAN_MAILS_PER_DAY)) {
      LOG.info("guardian consent request not mailed: the address's daily allowance is used");
      return;
    }
    String token = SessionTokens.newToken();
    Instant expiresAt = now.truncatedTo(ChronoUnit.SECONDS).plus(GUARDIAN_CONSENT_TTL);
    tokens.store(SessionTokens.hash(token), Purpose.GUARDIAN_CONSENT, accountId, expiresAt);
    String recipient = vault.seal(accountId, Notice.RECIPIENT_FIELD, guardian.get());
    sendQuietly(
        () -> notifier.guardianConsentRequest(accountId, recipient, token, expiresAt),
        "guardian consent request");
  }

  /** A guardian's consent, given by following the link mailed to them (once): opens the account. */
  public Verification consentAsGuardian(String token) {
    Optional<Account> account = redeem(token, Purpose.GUARDIAN_CONSENT);
    if (account.isEmpty() || !accounts.recordGuardianConsent(account.get().id(), clock.instant())) {
      return new Verification.InvalidToken();
    }
    String id = account.get().id();
    LOG.info("guardian consent recorded");
    addressRegistration.activated(id);
    sendQuietly(() -> notifier.accountCreated(id), "account-created notice");
    return new Verification.Verified(id);
  }

  private Optional<Account> redeem(String token, Purpose purpose) {
    if (!SessionTokens.looksValid(token)) {
      return Optional.empty();
    }
    return tokens
        .consume(SessionTokens.hash(token), purpose, clock.instant())
        .flatMap(accounts::find);
  }

  /**
   * Discards accounts whose verification window ended unverified, or whose guardian never consented
   * (with their directory entries and data keys), up to {@code limit}; returns how many were looked
   * at (fewer than the limit: nothing more is due).
   */
  public int discardUnverifiedDue(Instant now, int limit) {
    var due = accounts.unverifiedDue(now, limit);
    for (String id : due) {
      if (accounts.discardUnverified(id)) {
        addressRegistration.forgotten(id);
        discardKey(id);
      }
    }
    return due.size();
  }

  private void discardKey(String accountId) {
    try {
      vault.destroyKey(accountId);
    } catch (RuntimeException e) {
      LOG.warn("could not discard the data key of an account that was not created");
    }
  }

  private static void sendQuietly(Runnable send, String what) {
    try {
      send.run();
    } catch (RuntimeException e) {
      LOG.warn("{} not sent: {}", what, e.getClass().getSimpleName());
    }
  }

  /** The owner's view, the email opened through the vault; empty if gone or erased. */
  public Optional<AccountView> view(String accountId) {
    Optional<Account> account = accounts.find(accountId);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    return vault
        .open(accountId, EMAIL_FIELD, account.get().sealedEmail())
        .map(email -> new AccountView(accountId, email, account.get().createdAt()));
  }
}
