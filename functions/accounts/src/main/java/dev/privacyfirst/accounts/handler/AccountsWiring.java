package dev.privacyfirst.accounts.handler;

import dev.privacyfirst.accounts.adapter.DynamoAccountRepository;
import dev.privacyfirst.accounts.adapter.DynamoLoginThrottle;
import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AgePolicy;
import dev.privacyfirst.accounts.domain.Argon2idPasswordHasher;
import dev.privacyfirst.accounts.domain.InactiveAccountSignIn;
import dev.privacyfirst.accounts.domain.PasswordHasher;
import dev.privacyfirst.accounts.domain.PasswordPolicy;
import dev.privacyfirst.accounts.domain.SessionService;
import dev.privacyfirst.accounts.domain.ThrottlePolicy;
import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.personal.DynamoPersonalDataVault;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.session.DynamoSessionStore;
import dev.privacyfirst.common.topology.Tables;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the function's object graph from configuration: once per container. */
public record AccountsWiring(
    AccountService accounts,
    SessionService sessions,
    Authenticator authenticator,
    SessionCookies cookies) {

  /** The name of the secret the email lookups are keyed with. */
  public static final String EMAIL_LOOKUP_KEY = "email-lookup";

  public static AccountsWiring create(Config config, Clock clock) {
    return create(config, clock, InactiveAccountSignIn.REFUSE);
  }

  public static AccountsWiring create(
      Config config, Clock clock, InactiveAccountSignIn inactiveAccountSignIn) {
    AccountsSettings settings = AccountsSettings.from(config);
    DynamoDbClient dynamo =
        AwsClients.configure(DynamoDbClient.builder(), config, "DYNAMODB").build();
    String accountsTable = Tables.name(config, Tables.ACCOUNTS);
    KeyedHash emailLookup = new KeyedHash(Secrets.fromConfig(config).key(EMAIL_LOOKUP_KEY));
    PasswordHasher passwords = new Argon2idPasswordHasher(settings.argon2());
    DynamoAccountRepository repository = new DynamoAccountRepository(dynamo, accountsTable);
    DynamoSessionStore sessionStore = new DynamoSessionStore(dynamo, accountsTable);
    var vault =
        new DynamoPersonalDataVault(
            dynamo, Tables.name(config, Tables.USER_KEYS), EnvelopeKeys.fromConfig(config), clock);
    AccountService accounts =
        new AccountService(
            repository,
            vault,
            emailLookup,
            passwords,
            PasswordPolicy.bundled(),
            new AgePolicy(settings.minimumAgeYears(), clock),
            clock);
    SessionService sessions =
        new SessionService(
            repository,
            sessionStore,
            new DynamoLoginThrottle(dynamo, accountsTable, ThrottlePolicy.DEFAULT),
            emailLookup,
            passwords,
            inactiveAccountSignIn,
            settings.sessionTtl(),
            clock);
    return new AccountsWiring(
        accounts,
        sessions,
        new Authenticator(sessionStore, clock, settings.allowedOrigins()),
        new SessionCookies(settings.cookieSecure()));
  }
}
