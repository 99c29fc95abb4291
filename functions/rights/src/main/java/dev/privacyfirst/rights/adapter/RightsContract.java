package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.AccountAddresses;
import dev.privacyfirst.rights.domain.AccountDirectory;
import dev.privacyfirst.rights.domain.AccountNotices;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.DeletionRequests;
import dev.privacyfirst.rights.domain.ExportJobs;
import dev.privacyfirst.rights.domain.HoldPasses;
import dev.privacyfirst.rights.domain.HoldStep;
import dev.privacyfirst.rights.domain.Holds;
import dev.privacyfirst.rights.domain.LegalHolds;
import dev.privacyfirst.rights.domain.Restrictions;
import dev.privacyfirst.rights.domain.RetentionPolicy;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The subject-rights contract's ports on the rights table, as every capability's wiring gets them:
 * restrictions, holds, the account directory, the account pseudonyms, notices and deletion
 * requests. Built once per container from the capability's own DynamoDB client.
 */
public final class RightsContract {
  private final DynamoDbClient dynamo;
  private final String table;
  private final DynamoDeletionRequestStore requestStore;
  private final DynamoLegalHoldStore holdStore;
  private final DynamoReceiptStore receiptStore;
  private final Restrictions restrictions;
  private final AccountAddresses addresses;
  private final AnalyticsPseudonyms pseudonyms;
  private final RetentionPolicy policy;
  private final AwsClients aws;
  private final DynamoExportJobStore exportJobStore;
  private final DynamoHoldPassStore holdPasses;
  private AccountNotices notices;

  private RightsContract(
      DynamoDbClient dynamo,
      String table,
      AnalyticsPseudonyms pseudonyms,
      RetentionPolicy policy,
      AwsClients aws) {
    this.dynamo = dynamo;
    this.table = table;
    this.requestStore = new DynamoDeletionRequestStore(dynamo, table);
    this.holdStore = new DynamoLegalHoldStore(dynamo, table);
    this.receiptStore = new DynamoReceiptStore(dynamo, table);
    this.pseudonyms = pseudonyms;
    this.restrictions = new Restrictions(new DynamoRestrictionStore(dynamo, table), pseudonyms);
    this.addresses = new DynamoAccountAddresses(dynamo, table);
    this.exportJobStore = new DynamoExportJobStore(dynamo, table);
    this.holdPasses = new DynamoHoldPassStore(dynamo, table);
    this.policy = policy;
    this.aws = aws;
  }

  /** On the container's clients (its DynamoDB client; its Lambda client once notices are sent). */
  public static RightsContract fromConfig(AwsClients aws) {
    Config config = aws.config();
    return new RightsContract(
        aws.dynamoDb(),
        Tables.name(config, Tables.RETENTION),
        pseudonymsFromConfig(config, aws),
        RetentionPolicy.fromConfig(config),
        aws);
  }

  public static AnalyticsPseudonyms pseudonymsFromConfig(Config config, AwsClients aws) {
    // Read on first use: most functions wire the contract for holds and never derive a pseudonym,
    // and their roles cannot read its key.
    return new AnalyticsPseudonyms(
        Secrets.fromConfig(config, aws).hash(AnalyticsPseudonyms.SECRET_NAME));
  }

  public Restrictions restrictions() {
    return restrictions;
  }

  public Holds holds() {
    return new Holds() {
      @Override
      public java.util.Optional<dev.privacyfirst.rights.domain.LegalHold> holdOn(
          dev.privacyfirst.rights.domain.Subject subject) {
        return holdStore.find(subject);
      }

      @Override
      public List<dev.privacyfirst.rights.domain.Subject> held(
          dev.privacyfirst.rights.domain.SubjectKind kind) {
        return holdStore.held(kind);
      }

      @Override
      public java.util.Set<String> heldAnalyticsIds(java.util.Collection<String> distinctIds) {
        return holdStore.heldAnalyticsIds(distinctIds);
      }
    };
  }

  public LegalHolds legalHolds() {
    return new LegalHolds(holdStore, holdPasses, pseudonyms);
  }

  /** Runs the passes that move held items out of TTL's reach, through these capabilities' steps. */
  public HoldPasses holdPasses(List<HoldStep> steps) {
    return new HoldPasses(holdPasses, holds(), steps);
  }

  public DynamoHoldPassStore holdPassStore() {
    return holdPasses;
  }

  public AccountAddresses addresses() {
    return addresses;
  }

  public AnalyticsPseudonyms pseudonyms() {
    return pseudonyms;
  }

  public DynamoBroadcastStore broadcasts() {
    return new DynamoBroadcastStore(dynamo, table);
  }

  /** The rights table's physical name. */
  public String table() {
    return table;
  }

  public DynamoDeletionRequestStore requestStore() {
    return requestStore;
  }

  public DynamoLegalHoldStore holdStore() {
    return holdStore;
  }

  public DynamoReceiptStore receiptStore() {
    return receiptStore;
  }

  public RetentionPolicy policy() {
    return policy;
  }

  /**
   * Deletion requests; {@code directory} maps addresses to accounts (the accounts capability's,
   * needed only to file requests by email address).
   */
  public DeletionRequests requests(AccountDirectory directory, RetentionPolicy policy) {
    return new DeletionRequests(
        requestStore, receiptStore, directory, policy, restrictions, addresses);
  }

  /** Account exports: filed here, run by the subject-rights jobs function. */
  public ExportJobs exportJobs() {
    return new ExportJobs(exportJobStore, LambdaJobTrigger.fromConfig(aws));
  }

  public DynamoExportJobStore exportJobStore() {
    return exportJobStore;
  }

  /**
   * Primes the notices before a SnapStart snapshot, for a function that sends them but makes them
   * on first use, after the snapshot. Only such functions: the others' jars have no Lambda client.
   */
  public void primeNotices() {
    LambdaAccountNotices.primeBeforeSnapshot(aws);
  }

  /** Notices to account holders through the email capability (created on first use). */
  public synchronized AccountNotices notices() {
    if (notices == null) {
      notices = LambdaAccountNotices.fromConfig(aws);
    }
    return notices;
  }
}
