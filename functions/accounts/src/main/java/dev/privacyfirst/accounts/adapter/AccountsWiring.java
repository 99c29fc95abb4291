package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.AccountDeletion;
import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AddressRegistration;
import dev.privacyfirst.accounts.domain.AgePolicy;
import dev.privacyfirst.accounts.domain.Argon2idPasswordHasher;
import dev.privacyfirst.accounts.domain.ConsentService;
import dev.privacyfirst.accounts.domain.CredentialService;
import dev.privacyfirst.accounts.domain.EmailLookups;
import dev.privacyfirst.accounts.domain.InactiveAccountSignIn;
import dev.privacyfirst.accounts.domain.PasswordHasher;
import dev.privacyfirst.accounts.domain.PasswordPolicy;
import dev.privacyfirst.accounts.domain.ProfileService;
import dev.privacyfirst.accounts.domain.RefusalMarks;
import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.ThrottlePolicy;
import dev.privacyfirst.accounts.rights.AccountsExport;
import dev.privacyfirst.accounts.rights.RateLimitsErasureStep;
import dev.privacyfirst.accounts.rights.SessionsErasureStep;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.adapter.DynamoRateLimiter;
import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.limits.RateLimit;
import dev.privacyfirst.common.limits.RateLimiter;
import dev.privacyfirst.common.limits.RateLimits;
import dev.privacyfirst.common.metrics.MetricsPublisher;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.adapter.RightsContract;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.CapabilityRights;
import dev.privacyfirst.rights.domain.ExistingAccounts;
import dev.privacyfirst.rights.domain.ExportJobs;
import dev.privacyfirst.rights.domain.RetentionPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the function's object graph from configuration: once per container. The accounts
 * capability reaches every other capability only through the subject-rights contract (deletion
 * requests, restrictions, the account directory, notices, export jobs), never through their code.
 */
public record AccountsWiring(
    AccountService accounts,
    SessionService sessions,
    CredentialService credentials,
    RefusalMarks refusalMarks,
    ProfileService profiles,
    ConsentService consents,
    ExportJobs exports,
    AccountDeletion deletion,
    Authenticator authenticator,
    boolean cookieSecure,
    CapabilityRights rights,
    AnalyticsPseudonyms pseudonyms,
    Clock clock,
    String metricsNamespace) {

  /** The name of the secret the email lookups are keyed with. */
  public static final String EMAIL_LOOKUP_KEY =
      dev.privacyfirst.common.topology.AppSecrets.EMAIL_LOOKUP.name();

  /**
   * The accounts table read page by page, for the contract's one-time directory backfill (run by
   * the subject-rights functions; only this capability reads its table).
   */
  public static ExistingAccounts existingAccounts(Config config, DynamoDbClient dynamo) {
    return new DynamoExistingAccounts(dynamo, Tables.name(config, Tables.ACCOUNTS));
  }

  /**
   * The re-key pass of the email lookup key, for the subject-rights operator function (only this
   * capability knows its table's layout).
   */
  public static EmailLookupRekeyPass emailLookupRekey(AwsClients aws, Clock clock) {
    return new EmailLookupRekeyPass(
        aws.dynamoDb(),
        Tables.name(aws.config(), Tables.ACCOUNTS),
        new EmailLookups(Secrets.fromConfig(aws.config(), aws).hash(EMAIL_LOOKUP_KEY)),
        DynamoPersonalDataVault.fromConfig(aws, clock),
        clock);
  }

  /** The name of the secret the age-refusal cookie is signed with. */
  public static final String REFUSAL_MARK_KEY = AppSecrets.SIGN_UP_REFUSAL_MARK.name();

  /** Everything real; signing in to an account being deleted reports it and offers to cancel. */
  public static AccountsWiring create(Config config, Clock clock) {
    return create(config, clock, null);
  }

  /**
   * @param inactiveAccountSignIn replaces the deletion-aware sign-in hook, or null for it
   */
  public static AccountsWiring create(
      Config config, Clock clock, InactiveAccountSignIn inactiveAccountSignIn) {
    return create(config, clock, inactiveAccountSignIn, new AwsClients(config));
  }

  /** On the given AWS clients (tests pass theirs, with their interceptors). */
  public static AccountsWiring create(
      Config config, Clock clock, InactiveAccountSignIn inactiveAccountSignIn, AwsClients aws) {
    return create(config, clock, inactiveAccountSignIn, aws, RightsContract.fromConfig(aws));
  }

  /** With the contract's ports given (tests replace the notices and the job trigger). */
  public static AccountsWiring create(
      Config config,
      Clock clock,
      InactiveAccountSignIn inactiveAccountSignIn,
      AwsClients aws,
      RightsContract contract) {
    return create(
        config,
        clock,
        inactiveAccountSignIn,
        aws,
        contract,
        contract.notices()::send,
        contract.exportJobs());
  }

  public static AccountsWiring create(
      Config config,
      Clock clock,
      InactiveAccountSignIn inactiveAccountSignIn,
      AwsClients aws,
      RightsContract contract,
      dev.privacyfirst.rights.domain.AccountNotices notices,
      ExportJobs exports) {
    AccountsSettings settings = AccountsSettings.from(config);
    DynamoDbClient dynamo = aws.dynamoDb();
    String accountsTable = Tables.name(config, Tables.ACCOUNTS);
    Secrets secrets = Secrets.fromConfig(config, aws);
    EmailLookups emailLookup = new EmailLookups(secrets.hash(EMAIL_LOOKUP_KEY));
    PasswordHasher passwords = new Argon2idPasswordHasher(settings.argon2());
    // Priming also computes the dummy hash, so that sign-in timing is even from the first request.
    Priming.register(
        "accounts",
        () -> {
          Priming.primeCommon(aws);
          passwords.verifyAgainstDummy("priming");
        });
    DynamoAccountRepository repository = new DynamoAccountRepository(dynamo, accountsTable);
    DynamoSessionStore sessionStore = DynamoSessionStore.fromConfig(config, dynamo);
    var vault = DynamoPersonalDataVault.fromConfig(aws, clock);
    RetentionPolicy retention = contract.policy();
    if (settings.deletionGrace() != null) {
      retention = retention.withGracePeriod(settings.deletionGrace());
    }
    ContractDeletionDesk desk =
        new ContractDeletionDesk(
            contract.requests(
                new DynamoSubjectDirectory(dynamo, accountsTable, emailLookup, vault), retention));
    ContractNotifier notifier = new ContractNotifier(notices, settings.publicBaseUrl());
    AccountDeletion deletion = new AccountDeletion(repository, sessionStore, desk, notifier, clock);
    DynamoOneTimeTokens oneTimeTokens = new DynamoOneTimeTokens(dynamo, accountsTable);
    PasswordPolicy passwordPolicy = PasswordPolicy.bundled();
    AddressRegistration registration =
        new AddressRegistration() {
          @Override
          public void registered(String accountId, String sealedEmail, boolean active) {
            contract.addresses().register(accountId, sealedEmail, active, Instant.now(clock));
          }

          @Override
          public void activated(String accountId) {
            contract.addresses().setActive(accountId, true, Instant.now(clock));
          }

          @Override
          public void forgotten(String accountId) {
            contract.addresses().forget(accountId);
          }
        };
    AccountService accounts =
        new AccountService(
            repository,
            vault,
            emailLookup,
            passwords,
            passwordPolicy,
            new AgePolicy(settings.minimumAgeYears(), settings.adultAgeYears(), clock),
            clock,
            registration,
            oneTimeTokens,
            oneTimeTokens,
            notifier);
    DynamoLoginThrottle throttle =
        new DynamoLoginThrottle(dynamo, accountsTable, ThrottlePolicy.DEFAULT);
    CredentialService credentials =
        new CredentialService(
            repository,
            sessionStore,
            throttle,
            emailLookup,
            passwords,
            passwordPolicy,
            vault,
            oneTimeTokens,
            oneTimeTokens,
            notifier,
            registration,
            clock);
    SessionService sessions =
        new SessionService(
            repository,
            sessionStore,
            throttle,
            emailLookup,
            passwords,
            inactiveAccountSignIn == null ? deletion : inactiveAccountSignIn,
            oneTimeTokens,
            oneTimeTokens,
            notifier,
            settings.sessionTtl(),
            clock);
    ProfileService profiles =
        new ProfileService(repository, new DynamoProfileStore(dynamo, accountsTable), vault, clock);
    ConsentService consents =
        new ConsentService(
            new DynamoConsentStore(dynamo, accountsTable),
            new ContractConsentRestrictions(contract.restrictions(), clock),
            clock);
    RateLimiter limiter = DynamoRateLimiter.fromConfig(config, dynamo, clock);
    RateLimit accountApi = RateLimits.fromConfig(config).accountApi();
    return new AccountsWiring(
        accounts,
        sessions,
        credentials,
        new RefusalMarks(secrets.hash(REFUSAL_MARK_KEY), settings.ageRefusalCooling(), clock),
        profiles,
        consents,
        exports,
        deletion,
        new Authenticator(sessionStore, clock, settings.allowedOrigins())
            .limitedBy(limiter, accountApi),
        settings.cookieSecure(),
        new CapabilityRights(
            "accounts",
            List.of(
                new SessionsErasureStep(sessionStore),
                new RateLimitsErasureStep(limiter, accountApi),
                new AccountItemsErasureStep(dynamo, accountsTable)),
            List.of(
                new SessionsExpiryStep(sessionStore), new UnverifiedAccountsExpiryStep(accounts)),
            List.of(new AccountsExport(accounts, profiles, consents, credentials))),
        contract.pseudonyms(),
        clock,
        MetricsPublisher.namespace(config));
  }
}
