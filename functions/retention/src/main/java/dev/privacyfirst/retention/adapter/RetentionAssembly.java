package dev.privacyfirst.retention.adapter;

import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.personal.DynamoPersonalDataVault;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.session.DynamoSessionStore;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.retention.domain.DeletionRequests;
import dev.privacyfirst.retention.domain.ErasureStep;
import dev.privacyfirst.retention.domain.ExpiryStep;
import dev.privacyfirst.retention.domain.LegalHolds;
import dev.privacyfirst.retention.domain.PurgeEngine;
import dev.privacyfirst.retention.domain.RetentionPolicy;
import dev.privacyfirst.retention.domain.SubjectHasher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the retention services on the real tables. The capability steps (files, events, email) are
 * the seam: pass their {@link ErasureStep}s (named {@link ErasureSteps#FILES}, {@link
 * ErasureSteps#EVENTS}, {@link ErasureSteps#EMAIL}) and they run after the key and sessions and
 * before the account items, so whatever they need from the accounts table is still there.
 */
public final class RetentionAssembly {
  private final DeletionRequests requests;
  private final LegalHolds holds;
  private final PurgeEngine engine;

  private RetentionAssembly(DeletionRequests requests, LegalHolds holds, PurgeEngine engine) {
    this.requests = requests;
    this.holds = holds;
    this.engine = engine;
  }

  /** From configuration, with the steps this module owns and the given capability steps. */
  public static RetentionAssembly fromConfig(
      Config config,
      Clock clock,
      List<ErasureStep> capabilitySteps,
      List<ExpiryStep> capabilityExpiry) {
    DynamoDbClient dynamo =
        AwsClients.configure(DynamoDbClient.builder(), config, "DYNAMODB").build();
    Secrets secrets = Secrets.fromConfig(config);
    PersonalDataVault vault =
        new DynamoPersonalDataVault(
            dynamo, Tables.name(config, Tables.USER_KEYS), EnvelopeKeys.fromConfig(config), clock);
    return create(
        dynamo,
        Tables.name(config, Tables.ACCOUNTS),
        Tables.name(config, Tables.RETENTION),
        vault,
        new KeyedHash(secrets.key(DynamoAccountDirectory.LOOKUP_SECRET)),
        new SubjectHasher(new KeyedHash(secrets.key(SubjectHasher.SECRET_NAME))),
        RetentionPolicy.fromConfig(config),
        capabilitySteps,
        capabilityExpiry);
  }

  public static RetentionAssembly create(
      DynamoDbClient dynamo,
      String accountsTable,
      String retentionTable,
      PersonalDataVault vault,
      KeyedHash emailLookup,
      SubjectHasher hasher,
      RetentionPolicy policy,
      List<ErasureStep> capabilitySteps,
      List<ExpiryStep> capabilityExpiry) {
    DynamoRetentionStore store = new DynamoRetentionStore(dynamo, retentionTable);
    DynamoAccountDirectory accounts =
        new DynamoAccountDirectory(dynamo, accountsTable, emailLookup, vault);
    DynamoSessionStore sessions = new DynamoSessionStore(dynamo, accountsTable);
    List<ErasureStep> steps = new ArrayList<>();
    steps.add(new UserKeyStep(ErasureSteps.USER_KEY, vault));
    steps.add(new SessionsStep(sessions));
    steps.addAll(capabilitySteps);
    steps.add(new AccountItemsStep(dynamo, accountsTable));
    steps.add(new UserKeyStep(ErasureSteps.USER_KEY_FINAL, vault));
    List<ExpiryStep> expiry = new ArrayList<>();
    expiry.add(new StaleRetentionItemsStep(dynamo, retentionTable));
    expiry.add(new SessionsExpiryStep(sessions));
    expiry.addAll(capabilityExpiry);
    PurgeEngine engine =
        new PurgeEngine(store, store, store, accounts, hasher, policy, steps, expiry);
    return new RetentionAssembly(
        new DeletionRequests(store, store, accounts, policy), new LegalHolds(store), engine);
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
}
