package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
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
import dev.privacyfirst.email.domain.MailerSettings;
import dev.privacyfirst.email.domain.MailtoUnsubscribe;
import dev.privacyfirst.email.domain.Pacer;
import dev.privacyfirst.email.domain.Suppression;
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
  /** SES configuration set whose event destination publishes bounces and complaints to SNS. */
  public static final String SES_CONFIGURATION_SET = EnvVars.SES_CONFIGURATION_SET;

  /** The From address of all mail. */
  public static final String MAIL_FROM = EnvVars.MAIL_FROM;

  /** Mailbox for the mailto List-Unsubscribe alternative; default unsubscribe@ the From domain. */
  public static final String UNSUBSCRIBE_MAILTO = "UNSUBSCRIBE_MAILTO";

  /** Analytics project token for open events; empty disables the open pixel entirely. */
  public static final String EMAIL_TRACKING_TOKEN = "EMAIL_TRACKING_TOKEN";

  /** Campaign sends per second (SES account send rate). */
  public static final String CAMPAIGN_SEND_RATE = "CAMPAIGN_SEND_RATE";

  /** Key names in {@link Secrets}. */
  public static final String LINK_KEY = LinkKeysFromSecrets.LINK_KEY;

  /** Shared with accounts and retention: one keyed hash of a normalised address everywhere. */
  public static final String ADDRESS_KEY =
      dev.privacyfirst.common.topology.AppSecrets.EMAIL_LOOKUP.name();

  private final Config config;
  private final Clock clock;
  private final DynamoDbClient dynamo;
  // Built on first send: EmailLinks and SesNotifications never send, and accounts sends on a few
  // routes.
  private final Lazy<SesV2Client> ses;
  private final Secrets secrets;
  private final Categories categories = Categories.standard();
  private final RightsContract rights;

  public EmailWiring(Config config, Clock clock, boolean withSes) {
    this.config = config;
    this.clock = clock;
    this.dynamo = AwsClients.configure(DynamoDbClient.builder(), config, "DYNAMODB").build();
    this.ses =
        withSes
            ? Lazy.of(() -> AwsClients.configure(SesV2Client.builder(), config, "SESV2").build())
            : null;
    this.secrets = Secrets.fromConfig(config);
    Priming.register("email", () -> EmailPriming.prime(config, ses));
    this.rights = RightsContract.fromConfig(config, dynamo);
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
        List.of(new EmailPreferencesExport(new DynamoPreferenceStore(dynamo, emailTable()))));
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
    String from = config.get(MAIL_FROM, "no-reply@privacyfirst.local");
    return config.get(UNSUBSCRIBE_MAILTO, "unsubscribe@" + from.substring(from.indexOf('@') + 1));
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
    String from = config.get(MAIL_FROM, "no-reply@privacyfirst.local");
    return new Mailer(
        categories,
        new DynamoPreferenceStore(dynamo, emailTable()),
        new DynamoSuppressionStore(dynamo, emailTable()),
        new ContractRecipientDirectory(
            rights.addresses(), DynamoPersonalDataVault.fromConfig(config, dynamo, clock)),
        new SesMailTransport(ses, from, config.get(SES_CONFIGURATION_SET, "local-config-set")),
        links(),
        addressHasher(),
        new MailerSettings(
            config.get(EnvVars.PUBLIC_BASE_URL, "http://localhost:3000"),
            unsubscribeMailbox(),
            config.find(EMAIL_TRACKING_TOKEN).orElse(null)),
        rights.restrictions());
  }

  public Campaigns campaigns(Pacer.Sleeper sleeper) {
    double rate = Double.parseDouble(config.get(CAMPAIGN_SEND_RATE, "10"));
    return new Campaigns(
        mailer(),
        new DynamoCampaignLedger(dynamo, emailTable()),
        new Pacer(clock, sleeper, rate),
        clock);
  }
}
