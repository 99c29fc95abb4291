package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.adapter.DynamoAccountRepository;
import dev.privacyfirst.accounts.adapter.DynamoConsentStore;
import dev.privacyfirst.accounts.adapter.DynamoEmailPreferencesExport;
import dev.privacyfirst.accounts.adapter.DynamoEventsPrivacy;
import dev.privacyfirst.accounts.adapter.DynamoFilesExport;
import dev.privacyfirst.accounts.adapter.DynamoLoginThrottle;
import dev.privacyfirst.accounts.adapter.DynamoProfileStore;
import dev.privacyfirst.accounts.adapter.MailerNotifier;
import dev.privacyfirst.accounts.adapter.RetentionDeletionDesk;
import dev.privacyfirst.accounts.adapter.S3ExportArchive;
import dev.privacyfirst.accounts.domain.AccountDeletion;
import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AgePolicy;
import dev.privacyfirst.accounts.domain.Argon2idPasswordHasher;
import dev.privacyfirst.accounts.domain.ConsentService;
import dev.privacyfirst.accounts.domain.ExportService;
import dev.privacyfirst.accounts.domain.InactiveAccountSignIn;
import dev.privacyfirst.accounts.domain.PasswordHasher;
import dev.privacyfirst.accounts.domain.PasswordPolicy;
import dev.privacyfirst.accounts.domain.ProfileService;
import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.ThrottlePolicy;
import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.metrics.MetricsPublisher;
import dev.privacyfirst.common.personal.DynamoPersonalDataVault;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.DynamoSessionStore;
import dev.privacyfirst.common.startup.Priming;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.handler.EmailWiring;
import dev.privacyfirst.retention.adapter.DynamoAccountDirectory;
import dev.privacyfirst.retention.adapter.DynamoRetentionStore;
import dev.privacyfirst.retention.domain.DeletionRequests;
import dev.privacyfirst.retention.domain.RetentionPolicy;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the function's object graph from configuration: once per container. */
public record AccountsWiring(
    AccountService accounts,
    SessionService sessions,
    ProfileService profiles,
    ConsentService consents,
    ExportService exports,
    AccountDeletion deletion,
    Authenticator authenticator,
    SessionCookies cookies,
    String metricsNamespace) {

  /** The name of the secret the email lookups are keyed with. */
  public static final String EMAIL_LOOKUP_KEY = "email-lookup";

  /** Everything real; signing in to an account being deleted cancels it within the grace window. */
  public static AccountsWiring create(Config config, Clock clock) {
    return create(config, clock, null);
  }

  /**
   * @param inactiveAccountSignIn replaces the deletion-cancelling sign-in hook, or null for it
   */
  public static AccountsWiring create(
      Config config, Clock clock, InactiveAccountSignIn inactiveAccountSignIn) {
    AccountsSettings settings = AccountsSettings.from(config);
    DynamoDbClient dynamo =
        AwsClients.configure(DynamoDbClient.builder(), config, "DYNAMODB").build();
    String accountsTable = Tables.name(config, Tables.ACCOUNTS);
    Secrets secrets = Secrets.fromConfig(config);
    KeyedHash emailLookup = new KeyedHash(secrets.key(EMAIL_LOOKUP_KEY));
    PasswordHasher passwords = new Argon2idPasswordHasher(settings.argon2());
    // Priming also computes the dummy hash, so that sign-in timing is even from the first request.
    Priming.register(
        "accounts",
        () -> {
          Priming.primeCommon(config);
          passwords.verifyAgainstDummy("priming");
        });
    DynamoAccountRepository repository = new DynamoAccountRepository(dynamo, accountsTable);
    DynamoSessionStore sessionStore = new DynamoSessionStore(dynamo, accountsTable);
    var vault =
        new DynamoPersonalDataVault(
            dynamo, Tables.name(config, Tables.USER_KEYS), EnvelopeKeys.fromConfig(config), clock);
    EmailWiring email = new EmailWiring(config, clock, true);
    AccountService accounts =
        new AccountService(
            repository,
            vault,
            emailLookup,
            passwords,
            PasswordPolicy.bundled(),
            new AgePolicy(settings.minimumAgeYears(), clock),
            clock,
            lookup -> email.erasure().welcomeBack(lookup));
    RetentionPolicy retention = RetentionPolicy.fromConfig(config);
    retention =
        retention.withGracePeriod(
            config.getDuration(AccountsSettings.DELETION_GRACE, retention.gracePeriod()));
    DynamoRetentionStore retentionStore =
        new DynamoRetentionStore(dynamo, Tables.name(config, Tables.RETENTION));
    RetentionDeletionDesk desk =
        new RetentionDeletionDesk(
            new DeletionRequests(
                retentionStore,
                retentionStore,
                new DynamoAccountDirectory(dynamo, accountsTable, emailLookup, vault),
                retention));
    AccountDeletion deletion =
        new AccountDeletion(
            repository, sessionStore, desk, new MailerNotifier(email.mailer()), clock);
    SessionService sessions =
        new SessionService(
            repository,
            sessionStore,
            new DynamoLoginThrottle(dynamo, accountsTable, ThrottlePolicy.DEFAULT),
            emailLookup,
            passwords,
            inactiveAccountSignIn == null ? deletion : inactiveAccountSignIn,
            settings.sessionTtl(),
            clock);
    ProfileService profiles =
        new ProfileService(repository, new DynamoProfileStore(dynamo, accountsTable), vault, clock);
    DynamoEventsPrivacy events =
        new DynamoEventsPrivacy(
            dynamo,
            Tables.name(config, Tables.EVENTS),
            new KeyedHash(secrets.key(DynamoEventsPrivacy.LOOKUP_KEY)),
            clock);
    ConsentService consents =
        new ConsentService(new DynamoConsentStore(dynamo, accountsTable), events, clock);
    ExportService exports =
        new ExportService(
            accounts,
            profiles,
            consents,
            List.of(
                new DynamoFilesExport(dynamo, Tables.name(config, Tables.FILES)),
                events,
                new DynamoEmailPreferencesExport(dynamo, Tables.name(config, Tables.EMAIL)),
                desk),
            S3ExportArchive.fromConfig(config),
            settings.exportInlineMaxBytes(),
            clock);
    return new AccountsWiring(
        accounts,
        sessions,
        profiles,
        consents,
        exports,
        deletion,
        new Authenticator(sessionStore, clock, settings.allowedOrigins()),
        new SessionCookies(settings.cookieSecure()),
        MetricsPublisher.namespace(config));
  }
}
