package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.startup.Lazy;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.domain.AddressHasher;
import dev.privacyfirst.email.domain.Campaigns;
import dev.privacyfirst.email.domain.Categories;
import dev.privacyfirst.email.domain.EmailErasure;
import dev.privacyfirst.email.domain.EmailPreferences;
import dev.privacyfirst.email.domain.FeedbackProcessor;
import dev.privacyfirst.email.domain.LinkTokens;
import dev.privacyfirst.email.domain.Links;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MailtoUnsubscribe;
import dev.privacyfirst.email.domain.Pacer;
import dev.privacyfirst.email.domain.Suppression;
import dev.privacyfirst.email.rights.EmailCampaignsExport;
import dev.privacyfirst.email.rights.EmailErasureStep;
import dev.privacyfirst.email.rights.EmailPreferencesExport;
import dev.privacyfirst.rights.adapter.RightsContract;
import dev.privacyfirst.rights.domain.CapabilityRights;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Builds the email capability's services from configuration: one place, used by the handlers'
 * no-arg constructors (once per container) and by tests against the emulators.
 */
public final class EmailWiring {
  /** Key names in {@link Secrets}. */
  public static final String LINK_KEY = LinkKeysFromSecrets.LINK_KEY;

  /** Shared with accounts and retention: one keyed hash of a normalised address everywhere. */
  public static final String ADDRESS_KEY =
      dev.privacyfirst.common.topology.AppSecrets.EMAIL_LOOKUP.name();

  private final Config config;
  private final EmailSettings settings;
  private final Clock clock;
  private final DynamoDbClient dynamo;
  // Built on first send: EmailLinks and SesNotifications never send, and accounts sends on a few
  // routes.
  private final Lazy<SesV2Client> ses;
  private final Secrets secrets;
  private final Categories categories = Categories.standard();
  private final RightsContract rights;
  private final AwsClients aws;

  /** The function's wiring: its own AWS clients, one per service, from the same configuration. */
  public EmailWiring(Config config, Clock clock, boolean withSes) {
    this(config, clock, withSes, new AwsClients(config));
  }

  /** On the given AWS clients (the subject-rights functions' shared ones; tests' probed ones). */
  public EmailWiring(Config config, Clock clock, boolean withSes, AwsClients aws) {
    this(EmailSettings.from(config), config, clock, withSes, aws);
  }

  /**
   * With the capability's settings given ({@code config} still names the tables and the key
   * source).
   */
  public EmailWiring(
      EmailSettings settings, Config config, Clock clock, boolean withSes, AwsClients aws) {
    this.settings = settings;
    this.config = config;
    this.clock = clock;
    this.dynamo = aws.dynamoDb();
    this.ses =
        withSes
            ? Lazy.of(
                () ->
                    aws.shared(
                        SesV2Client.class,
                        () -> aws.configure(SesV2Client.builder(), "SESV2").build()))
            : null;
    this.secrets = Secrets.fromConfig(config, aws);
    Priming.register("email", () -> EmailPriming.prime(aws, ses));
    this.rights = RightsContract.fromConfig(aws);
    this.aws = aws;
  }

  /** The container's AWS clients (handlers build their extra adapters on them). */
  public AwsClients aws() {
    return aws;
  }

  /** The subject-rights contract's ports (restrictions, directory, holds). */
  public RightsContract contract() {
    return rights;
  }

  /** The capability's side of the subject-rights contract. */
  public CapabilityRights rights() {
    return new CapabilityRights(
        "email",
        List.of(new EmailErasureStep(erasure())),
        List.of(),
        List.of(
            new EmailPreferencesExport(new DynamoPreferenceStore(dynamo, emailTable())),
            new EmailCampaignsExport(new DynamoCampaignLedger(dynamo, emailTable()))));
  }

  public DynamoDbClient dynamo() {
    return dynamo;
  }

  public Config config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  String emailTable() {
    return Tables.name(config, Tables.EMAIL);
  }

  /** Verifies links of the retired v1 format (still honoured for unsubscribing only). */
  public LinkTokens legacyLinkTokens() {
    return new LinkTokens(secrets.key(LINK_KEY));
  }

  /** Opaque, scoped, expiring links, kept in the email table. */
  public Links links() {
    return new Links(
        LinkKeysFromSecrets.load(secrets),
        new DynamoLinkStore(dynamo, emailTable()),
        clock,
        legacyLinkTokens());
  }

  public AddressHasher addressHasher() {
    return new AddressHasher(secrets.hash(ADDRESS_KEY));
  }

  public EmailPreferences preferences() {
    DynamoSuppressionStore suppressions = new DynamoSuppressionStore(dynamo, emailTable());
    return new EmailPreferences(
        categories,
        new DynamoPreferenceStore(dynamo, emailTable()),
        links(),
        clock,
        recipient ->
            recipient.startsWith("a:")
                // An account exists while the contract's directory has it (erasure removes it).
                ? rights.addresses().find(recipient.substring(2)).isPresent()
                // A bare address exists until its erasure marker is written.
                : suppressions
                    .find(recipient.substring(2))
                    .filter(s -> s == Suppression.ERASED)
                    .isEmpty());
  }

  /** The unsubscribe mailbox: UNSUBSCRIBE_MAILTO, or unsubscribe@ the From domain. */
  public String unsubscribeMailbox() {
    return settings.unsubscribeMailbox();
  }

  /** The mailto unsubscribe channel (inbound mail to the unsubscribe mailbox). */
  public MailtoUnsubscribe mailtoUnsubscribe() {
    return new MailtoUnsubscribe(preferences(), unsubscribeMailbox());
  }

  public FeedbackProcessor feedback() {
    return new FeedbackProcessor(
        new DynamoSuppressionStore(dynamo, emailTable()), addressHasher(), clock);
  }

  /** Erasure of a person's email data, for the retention purge. */
  public EmailErasure erasure() {
    return new EmailErasure(
        new DynamoPreferenceStore(dynamo, emailTable()),
        new DynamoSuppressionStore(dynamo, emailTable()),
        new DynamoCampaignLedger(dynamo, emailTable()),
        clock);
  }

  public Mailer mailer() {
    if (ses == null) {
      throw new IllegalStateException("built without SES");
    }
    return new Mailer(
        categories,
        new DynamoPreferenceStore(dynamo, emailTable()),
        new DynamoSuppressionStore(dynamo, emailTable()),
        new ContractRecipientDirectory(
            rights.addresses(), DynamoPersonalDataVault.fromConfig(aws, clock)),
        new SesMailTransport(ses, settings.mailFrom(), settings.sesConfigurationSet()),
        links(),
        addressHasher(),
        settings.mailer(),
        rights.restrictions());
  }

  public Campaigns campaigns(Pacer.Sleeper sleeper) {
    return new Campaigns(
        mailer(),
        new DynamoCampaignLedger(dynamo, emailTable()),
        new Pacer(clock, sleeper, settings.campaignSendRate()),
        clock);
  }
}
