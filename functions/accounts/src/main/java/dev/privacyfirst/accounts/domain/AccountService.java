package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.personal.PersonalDataVault;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up and the owner's view of the account. The storage policy says "when you create an account,
 * we only save your email and your password": the email is kept sealed under the account's own data
 * key (plus its keyed hash for lookups), the password only as an Argon2id hash, and the birth date
 * is checked and forgotten.
 */
public final class AccountService {
  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
  public static final String EMAIL_FIELD = "email";

  private final AccountRepository accounts;
  private final PersonalDataVault vault;
  private final KeyedHash emailLookup;
  private final PasswordHasher passwords;
  private final PasswordPolicy passwordPolicy;
  private final AgePolicy agePolicy;
  private final Clock clock;
  private final AddressRegistration addressRegistration;

  public AccountService(
      AccountRepository accounts,
      PersonalDataVault vault,
      KeyedHash emailLookup,
      PasswordHasher passwords,
      PasswordPolicy passwordPolicy,
      AgePolicy agePolicy,
      Clock clock) {
    this(
        accounts,
        vault,
        emailLookup,
        passwords,
        passwordPolicy,
        agePolicy,
        clock,
        AddressRegistration.NONE);
  }

  public AccountService(
      AccountRepository accounts,
      PersonalDataVault vault,
      KeyedHash emailLookup,
      PasswordHasher passwords,
      PasswordPolicy passwordPolicy,
      AgePolicy agePolicy,
      Clock clock,
      AddressRegistration addressRegistration) {
    this.addressRegistration = addressRegistration;
    this.accounts = accounts;
    this.vault = vault;
    this.emailLookup = emailLookup;
    this.passwords = passwords;
    this.passwordPolicy = passwordPolicy;
    this.agePolicy = agePolicy;
    this.clock = clock;
  }

  /** A sign-up request as received; the birth date is only checked, never stored. */
  public record SignUp(String email, String password, String birthDate) {
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
    switch (agePolicy.check(request.birthDate())) {
      case INVALID -> {
        return new SignUpResult.InvalidBirthDate();
      }
      case TOO_YOUNG -> {
        LOG.info("sign-up refused: under the minimum age");
        return new SignUpResult.UnderMinimumAge(agePolicy.minimumYears());
      }
      case OLD_ENOUGH -> {
        // go on
      }
    }
    Optional<String> weak = passwordPolicy.problem(request.password(), email.get());
    if (weak.isPresent()) {
      return new SignUpResult.WeakPassword(weak.get());
    }
    String lookup = emailLookup.hex(email.get());
    // Checked first so that a duplicate creates no data key; the transaction below still decides.
    if (accounts.findIdByEmailLookup(lookup).isPresent()) {
      return new SignUpResult.EmailTaken();
    }
    String id = UUID.randomUUID().toString();
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String hash = passwords.hash(request.password());
    String sealed = vault.seal(id, EMAIL_FIELD, email.get());
    boolean created;
    try {
      created =
          accounts.create(new Account(id, sealed, lookup, hash, createdAt, AccountStatus.ACTIVE));
    } catch (RuntimeException e) {
      discardKey(id);
      throw e;
    }
    if (!created) {
      // Lost a race with a concurrent sign-up for the same email: drop this id's fresh key.
      discardKey(id);
      return new SignUpResult.EmailTaken();
    }
    LOG.info("account created");
    addressRegistration.registered(id, sealed);
    return new SignUpResult.Created(id, email.get(), createdAt);
  }

  private void discardKey(String accountId) {
    try {
      vault.destroyKey(accountId);
    } catch (RuntimeException e) {
      LOG.warn("could not discard the data key of an account that was not created");
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
