package dev.privacyfirst.retention;

import dev.privacyfirst.accounts.adapter.AccountsWiring;
import dev.privacyfirst.accounts.adapter.DynamoSubjectDirectory;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.retention.adapter.RetentionWiring;
import dev.privacyfirst.retention.adapter.S3ExportArchive;
import dev.privacyfirst.retention.domain.ExportRunner;
import dev.privacyfirst.retention.domain.NoticeBroadcast;
import dev.privacyfirst.rights.adapter.RightsContract;
import dev.privacyfirst.rights.domain.CapabilityRights;
import dev.privacyfirst.rights.domain.ExportJobs;
import dev.privacyfirst.rights.domain.Notice;
import dev.privacyfirst.rights.domain.RetentionPolicy;
import dev.privacyfirst.rights.domain.SubjectHasher;
import dev.privacyfirst.testkit.MutableClock;
import dev.privacyfirst.testkit.Probes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The retention module on DynamoDB Local with the real adapters, plus helpers that write accounts
 * in the accounts module's layout.
 */
public final class RetentionWorld {
  /**
   * Plug request counters and injected crashes in here: every AWS client of this world (the
   * contract's, the accounts capability's and, with capabilities, the files, events and email ones)
   * reports to it.
   */
  public final Probes probes = new Probes();

  /** The world's AWS clients, one per service, as one container of the rights functions has. */
  public final AwsClients aws;

  public final Config config;
  public final MutableClock clock;
  public final DynamoDbClient dynamo;
  public final DynamoPersonalDataVault vault;
  public final DynamoSessionStore sessions;
  public final KeyedHash emailLookup;
  public final SubjectHasher hasher;
  public final RetentionWiring retention;
  public final RightsContract contract;

  /** The accounts capability as its function builds it (sign up real accounts with it). */
  public final AccountsWiring accountsWiring;

  /** Export jobs as the accounts API files them (no trigger: tests run them). */
  public final ExportJobs exportJobs;

  /** Notices handed to the email capability through the contract, in order. */
  public final List<Map.Entry<String, Notice>> notices = new CopyOnWriteArrayList<>();

  public final String accounts;
  public final String retentionTable;
  public final String userKeys;
  public final String sessionsTable;

  /** Set when built with the capabilities: the files, events and email modules on one config. */
  public final Config capabilityConfig;

  public final FilesWiring files;
  public final EventsWiring events;
  public final EmailWiring email;

  public RetentionWorld(Duration grace) {
    this(grace, false);
  }

  /** With the files, events and email erasure and expiry steps when {@code withCapabilities}. */
  public RetentionWorld(Duration grace, boolean withCapabilities) {
    config = SharedEmulators.config();
    clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
    // One set of clients for the whole world, as one container has: every SDK call of the contract
    // and of each capability goes through the probes.
    aws = new AwsClients(config, List.of(probes));
    dynamo = aws.dynamoDb();
    accounts = Tables.name(config, Tables.ACCOUNTS);
    retentionTable = Tables.name(config, Tables.RETENTION);
    userKeys = Tables.name(config, Tables.USER_KEYS);
    sessionsTable = Tables.name(config, Tables.SESSIONS);
    vault =
        new DynamoPersonalDataVault(dynamo, userKeys, EnvelopeKeys.fromConfig(config, aws), clock);
    sessions = DynamoSessionStore.fromConfig(config, dynamo);
    contract = RightsContract.fromConfig(aws);
    Secrets secrets = Secrets.fromConfig(config, aws);
    emailLookup = new KeyedHash(secrets.key("email-lookup"));
    hasher = new SubjectHasher(secrets.hash(SubjectHasher.SECRET_NAME));
    List<CapabilityRights> capabilities = new ArrayList<>();
    // The accounts capability's side, exactly as its wiring builds it for the host.
    exportJobs = new ExportJobs(contract.exportJobStore(), ExportJobs.JobTrigger.NONE);
    accountsWiring =
        AccountsWiring.create(
            config,
            clock,
            null,
            aws,
            contract,
            (accountId, notice) -> notices.add(Map.entry(accountId, notice)),
            exportJobs);
    capabilities.add(accountsWiring.rights());
    if (withCapabilities) {
      Map<String, String> settings = new HashMap<>(SharedEmulators.settings());
      settings.put("FILES_CHUNK_MIN_BYTES", "4096");
      settings.put("FILES_CHUNK_AVG_BYTES", "16384");
      settings.put("FILES_CHUNK_MAX_BYTES", "65536");
      settings.put("FILES_INLINE_MAX_BYTES", "4000000");
      // Processed uploads are reported ready at once (no timing-channel pad) in these tests.
      settings.put("FILES_READY_PAD_BYTES_PER_SECOND", "0");
      capabilityConfig = Config.of(settings);
      files = FilesWiring.create(capabilityConfig, clock, aws);
      events = EventsWiring.create(capabilityConfig, clock, aws);
      email = new EmailWiring(capabilityConfig, clock, true, aws);
      capabilities.add(files.rights());
      capabilities.add(events.rights(contract.pseudonyms(), contract.holds()));
      capabilities.add(email.rights());
    } else {
      capabilityConfig = null;
      files = null;
      events = null;
      email = null;
    }
    retention =
        RetentionWiring.create(
            dynamo,
            contract,
            vault,
            new DynamoSubjectDirectory(
                dynamo,
                accounts,
                new dev.privacyfirst.accounts.domain.EmailLookups(
                    Secrets.fromConfig(config).hash("email-lookup")),
                vault),
            hasher,
            RetentionPolicy.defaults().withGracePeriod(grace),
            capabilities,
            withCapabilities
                ? S3ExportArchive.fromConfig(aws)
                : new ExportRunner.Archive() {
                  @Override
                  public Link store(String accountId, byte[] json) {
                    throw new IllegalStateException("exports need the capabilities");
                  }

                  @Override
                  public int deleteAll(String accountId) {
                    return 0;
                  }
                },
            new NoticeBroadcast(
                contract.addresses(),
                (accountId, notice) -> notices.add(Map.entry(accountId, notice)),
                contract.broadcasts(),
                "https://api.privacyfirst.test",
                1000,
                pause -> {},
                clock),
            AccountsWiring.existingAccounts(config, dynamo),
            clock);
  }

  /** An account as the accounts module stores it, with a profile, a consent and two sessions. */
  /**
   * Signs up through the accounts capability and follows the mailed verification link, as a new
   * user does: the account id of a verified account, in the contract's directory.
   */
  public String signUpAndVerify(String address, String password, String birthDate) {
    var created =
        accountsWiring
            .accounts()
            .signUp(
                new dev.privacyfirst.accounts.domain.AccountService.SignUp(
                    address, password, birthDate));
    if (!(created instanceof dev.privacyfirst.accounts.domain.SignUpResult.Accepted)) {
      throw new IllegalStateException("sign-up refused: " + created);
    }
    String mail =
        notices.stream()
            .filter(n -> n.getValue().category().equals("address-verification"))
            .map(n -> String.join(" ", n.getValue().paragraphs()))
            .reduce((first, last) -> last)
            .orElseThrow();
    java.util.regex.Matcher token =
        java.util.regex.Pattern.compile("verify\\?t=([A-Za-z0-9_-]{43})").matcher(mail);
    if (!token.find()) {
      throw new IllegalStateException("no verification link in the mail");
    }
    return ((dev.privacyfirst.accounts.domain.AccountService.Verification.Verified)
            accountsWiring.accounts().verify(token.group(1)))
        .accountId();
  }

  public String createAccount(String email, int extraItems) {
    String id = UUID.randomUUID().toString();
    String normalised = email.trim().toLowerCase(Locale.ROOT);
    Map<String, AttributeValue> account = key("ACCOUNT#" + id, "ACCOUNT");
    account.put("email", s(vault.seal(id, "email", normalised)));
    account.put("emailLookup", s(emailLookup.hex(normalised)));
    account.put("passwordHash", s("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA"));
    account.put("createdAt", s(clock.instant().toString()));
    account.put("status", s("active"));
    put(account);
    contract.addresses().register(id, account.get("email").s(), true, clock.instant());
    Map<String, AttributeValue> lookup = key("EMAIL#" + emailLookup.hex(normalised), "EMAIL");
    lookup.put("accountId", s(id));
    put(lookup);
    Map<String, AttributeValue> profile = key("ACCOUNT#" + id, "PROFILE");
    profile.put("name", s(vault.seal(id, "name", "Alice Example")));
    put(profile);
    Map<String, AttributeValue> consent = key("ACCOUNT#" + id, "CONSENT#tracking");
    consent.put("optOut", AttributeValue.fromBool(true));
    put(consent);
    for (int i = 0; i < extraItems; i++) {
      Map<String, AttributeValue> extra = key("ACCOUNT#" + id, "GRANT#" + i);
      extra.put("app", s("app-" + i));
      put(extra);
    }
    for (int i = 0; i < 2; i++) {
      sessions.put(
          new Session(
              UUID.randomUUID().toString().replace("-", ""),
              id,
              clock.instant(),
              clock.instant().plus(Duration.ofDays(14))));
    }
    return id;
  }

  public String lookupHash(String email) {
    return emailLookup.hex(email.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Items in the account's partition plus items indexed under it, in the accounts table and in the
   * sessions table (the account's sessions).
   */
  public int accountItemCount(String accountId) {
    int partition =
        dynamo
            .query(
                r ->
                    r.tableName(accounts)
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("ACCOUNT#" + accountId)))
                        .consistentRead(true))
            .count();
    int indexed =
        dynamo
            .query(
                r ->
                    r.tableName(accounts)
                        .indexName(Tables.GSI1)
                        .keyConditionExpression("gsi1pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("ACCOUNT#" + accountId))))
            .count();
    int sessionItems =
        dynamo
            .query(
                r ->
                    r.tableName(sessionsTable)
                        .indexName(Tables.GSI1)
                        .keyConditionExpression("gsi1pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("ACCOUNT#" + accountId))))
            .count();
    return partition + indexed + sessionItems;
  }

  public boolean lookupExists(String email) {
    var item =
        dynamo
            .getItem(
                r ->
                    r.tableName(accounts)
                        .key(key("EMAIL#" + lookupHash(email), "EMAIL"))
                        .consistentRead(true))
            .item();
    return item != null && !item.isEmpty();
  }

  /** Every retention-table item of a request (request, receipts) as text. */
  public String rawRetentionItems(String requestId) {
    StringBuilder out = new StringBuilder();
    for (String pk : List.of("REQUEST#" + requestId, "RECEIPT#" + requestId)) {
      dynamo
          .query(
              r ->
                  r.tableName(retentionTable)
                      .keyConditionExpression("pk = :p")
                      .expressionAttributeValues(Map.of(":p", s(pk)))
                      .consistentRead(true))
          .items()
          .forEach(item -> out.append(item).append('\n'));
    }
    return out.toString();
  }

  private void put(Map<String, AttributeValue> item) {
    dynamo.putItem(r -> r.tableName(accounts).item(item));
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(Tables.PK, s(pk));
    key.put(Tables.SK, s(sk));
    return key;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
