package dev.privacyfirst.retention.adapter;

import dev.privacyfirst.accounts.adapter.AccountsWiring;
import dev.privacyfirst.accounts.adapter.DynamoSubjectDirectory;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.retention.domain.ExportArchiveErasureStep;
import dev.privacyfirst.retention.domain.ExportRunner;
import dev.privacyfirst.retention.domain.NoticeBroadcast;
import dev.privacyfirst.retention.domain.PurgeEngine;
import dev.privacyfirst.rights.adapter.DynamoBackfillProgress;
import dev.privacyfirst.rights.adapter.DynamoDisclosureRecords;
import dev.privacyfirst.rights.adapter.RightsContract;
import dev.privacyfirst.rights.adapter.StaleRetentionItemsExpiryStep;
import dev.privacyfirst.rights.domain.AccountDirectory;
import dev.privacyfirst.rights.domain.CapabilityRights;
import dev.privacyfirst.rights.domain.DeadlineSource;
import dev.privacyfirst.rights.domain.DeletionRequests;
import dev.privacyfirst.rights.domain.DirectoryBackfill;
import dev.privacyfirst.rights.domain.DisclosureNotices;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.ExistingAccounts;
import dev.privacyfirst.rights.domain.ExpiryStep;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.HoldPasses;
import dev.privacyfirst.rights.domain.HoldStep;
import dev.privacyfirst.rights.domain.LegalHolds;
import dev.privacyfirst.rights.domain.RetentionPolicy;
import dev.privacyfirst.rights.domain.RightsErasureStep;
import dev.privacyfirst.rights.domain.RightsExport;
import dev.privacyfirst.rights.domain.SubjectHasher;
import dev.privacyfirst.rights.domain.UserKeyErasureStep;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one place that puts every capability's side of the subject-rights contract together (the
 * subject-rights functions are the only code allowed to): erasure in a fixed order, expiry, and the
 * sections of an account's export. The order of erasure: the account's data key first
 * (crypto-shredding reaches backups even if the rest is stopped), then each capability in the order
 * given, then the contract's own records of the account, then the key again in case something
 * sealed a new one meanwhile.
 */
public final class RetentionWiring {
  private final DeletionRequests requests;
  private final LegalHolds holds;
  private final PurgeEngine engine;
  private final ExportRunner exports;
  private final NoticeBroadcast notices;
  private final HoldPasses holdPasses;
  private final DirectoryBackfill directoryBackfill;
  private DisclosureNotices disclosureNotices;
  private dev.privacyfirst.accounts.adapter.EmailLookupRekeyPass emailLookupRekey;
  private dev.privacyfirst.events.adapter.EventsLookupRekeyPass eventsLookupRekey;

  private RetentionWiring(
      DeletionRequests requests,
      LegalHolds holds,
      PurgeEngine engine,
      ExportRunner exports,
      NoticeBroadcast notices,
      HoldPasses holdPasses,
      DirectoryBackfill directoryBackfill) {
    this.directoryBackfill = directoryBackfill;
    this.requests = requests;
    this.holds = holds;
    this.engine = engine;
    this.exports = exports;
    this.notices = notices;
    this.holdPasses = holdPasses;
  }

  /** Every capability, built on its own wiring from configuration (once per container). */
  public static RetentionWiring fromConfig(Config config, Clock clock) {
    return fromConfig(config, clock, new AwsClients(config));
  }

  /**
   * Every capability on the one set of AWS clients of this container (one DynamoDB client for the
   * contract and all four capabilities); tests pass theirs, with their probes.
   */
  public static RetentionWiring fromConfig(Config config, Clock clock, AwsClients aws) {
    RetentionSettings settings = RetentionSettings.from(config);
    DynamoDbClient dynamo = aws.dynamoDb();
    RightsContract contract = RightsContract.fromConfig(aws);
    AccountsWiring accounts =
        AccountsWiring.create(config, clock, null, aws, contract, contract.notices()::send, null);
    EventsWiring events = EventsWiring.create(config, clock, aws);
    List<CapabilityRights> capabilities =
        List.of(
            accounts.rights(),
            FilesWiring.create(config, clock, aws).rights(),
            events.rights(contract.pseudonyms(), contract.holds()),
            new EmailWiring(config, clock, false, aws).rights());
    RetentionWiring wiring =
        create(
            dynamo,
            contract,
            DynamoPersonalDataVault.fromConfig(aws, clock),
            directory(aws, clock),
            new SubjectHasher(Secrets.fromConfig(config, aws).hash(SubjectHasher.SECRET_NAME)),
            contract.policy(),
            capabilities,
            S3ExportArchive.fromConfig(aws),
            new NoticeBroadcast(
                contract.addresses(),
                contract.notices(),
                contract.broadcasts(),
                settings.publicBaseUrl(),
                settings.noticeSendRate(),
                duration -> Thread.sleep(duration),
                clock),
            AccountsWiring.existingAccounts(config, dynamo),
            clock);
    wiring.disclosureNotices =
        new DisclosureNotices(
            DynamoDisclosureRecords.fromConfig(config, dynamo),
            (account, notice) -> contract.notices().send(account, notice),
            clock);
    wiring.emailLookupRekey = AccountsWiring.emailLookupRekey(aws, clock);
    wiring.eventsLookupRekey = events.lookupRekey(clock);
    return wiring;
  }

  /** The events lookup key's re-key pass (null when assembled without configuration). */
  public dev.privacyfirst.events.adapter.EventsLookupRekeyPass eventsLookupRekey() {
    return eventsLookupRekey;
  }

  /** The email lookup key's re-key pass (null when assembled without configuration). */
  public dev.privacyfirst.accounts.adapter.EmailLookupRekeyPass emailLookupRekey() {
    return emailLookupRekey;
  }

  /**
   * Lawful-disclosure notices held back by a non-disclosure order, sent by the rights-jobs pass
   * once due (null when this wiring was assembled without configuration, as in tests).
   */
  public DisclosureNotices disclosureNotices() {
    return disclosureNotices;
  }

  /** The accounts capability's map from addresses to accounts (requests filed by email). */
  public static AccountDirectory directory(AwsClients aws, Clock clock) {
    return DynamoSubjectDirectory.fromConfig(aws, clock);
  }

  public static RetentionWiring create(
      DynamoDbClient dynamo,
      RightsContract contract,
      PersonalDataVault vault,
      AccountDirectory directory,
      SubjectHasher hasher,
      RetentionPolicy policy,
      List<CapabilityRights> capabilities,
      ExportRunner.Archive archive,
      NoticeBroadcast notices,
      Clock clock) {
    return create(
        dynamo,
        contract,
        vault,
        directory,
        hasher,
        policy,
        capabilities,
        archive,
        notices,
        null,
        clock);
  }

  /**
   * {@code existingAccounts}: the accounts capability's reading of its table, for the one-time
   * directory backfill (null: the backfill is not available).
   */
  public static RetentionWiring create(
      DynamoDbClient dynamo,
      RightsContract contract,
      PersonalDataVault vault,
      AccountDirectory directory,
      SubjectHasher hasher,
      RetentionPolicy policy,
      List<CapabilityRights> capabilities,
      ExportRunner.Archive archive,
      NoticeBroadcast notices,
      ExistingAccounts existingAccounts,
      Clock clock) {
    List<ErasureStep> steps = new ArrayList<>();
    steps.add(new UserKeyErasureStep(ErasureSteps.USER_KEY, vault));
    List<ExpiryStep> expiry = new ArrayList<>();
    expiry.add(new StaleRetentionItemsExpiryStep(dynamo, contract.table()));
    List<ExportSource> sections = new ArrayList<>();
    List<DeadlineSource> deadlines = new ArrayList<>();
    List<HoldStep> holdSteps = new ArrayList<>();
    for (CapabilityRights capability : capabilities) {
      holdSteps.addAll(capability.holdSteps());
      steps.addAll(capability.erasure());
      expiry.addAll(capability.expiry());
      sections.addAll(capability.exports());
      deadlines.addAll(capability.deadlines());
    }
    steps.add(new ExportArchiveErasureStep(archive::deleteAll));
    steps.add(
        new RightsErasureStep(
            contract.addresses(),
            contract.restrictions(),
            contract.exportJobStore(),
            contract.holdPassStore()));
    steps.add(new UserKeyErasureStep(ErasureSteps.USER_KEY_FINAL, vault));
    sections.add(
        new RightsExport(contract.requestStore(), contract.holds(), contract.restrictions()));
    PurgeEngine engine =
        new PurgeEngine(
            contract.requestStore(),
            contract.holdStore(),
            contract.receiptStore(),
            directory,
            hasher,
            policy,
            steps,
            expiry,
            deadlines);
    return new RetentionWiring(
        contract.requests(directory, policy),
        contract.legalHolds(),
        engine,
        new ExportRunner(contract.exportJobStore(), sections, archive, clock),
        notices,
        contract.holdPasses(holdSteps),
        existingAccounts == null
            ? null
            : new DirectoryBackfill(
                existingAccounts,
                contract.addresses(),
                new DynamoBackfillProgress(dynamo, contract.table(), clock)));
  }

  /** The one-time account directory backfill; null when not configured. */
  public DirectoryBackfill directoryBackfill() {
    return directoryBackfill;
  }

  /** The passes that move held items out of DynamoDB TTL's reach, through every capability. */
  public HoldPasses holdPasses() {
    return holdPasses;
  }

  public DeletionRequests requests() {
    return requests;
  }

  public LegalHolds holds() {
    return holds;
  }

  public PurgeEngine engine() {
    return engine;
  }

  public ExportRunner exports() {
    return exports;
  }

  public NoticeBroadcast notices() {
    return notices;
  }
}
