package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.SecretSpec;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Everything stateful, kept apart from the functions: two customer-managed KMS keys (one for data:
 * tables, buckets, application keys and envelope data keys; one for operations: logs, SNS topics
 * and what SES publishes to them), every table of {@link Tables#ALL}, every bucket of {@link
 * Buckets#ALL} (plus the access-log bucket of those browsers never reach) and one secret per
 * application key of {@link AppSecrets#ALL}. Data is retained when the stack goes away.
 *
 * <p>A function's use of the data key is conditioned on encryption context: through DynamoDB only
 * for the tables it is granted, through S3 only for its buckets, through Secrets Manager only for
 * its secrets, and its own envelope data keys only for the purposes the topology gives it.
 *
 * <p>The resources are built by {@link DataResources}; the grants, their ledger and the key use
 * that follows from them are {@link DataGrants}. This class holds what they share: the keys and the
 * resources by spec, and the names known before the buckets exist.
 */
public final class DataConstruct extends Construct {
  /** Item-level actions for a function that reads a table (no Scan: items are found by key). */
  static final List<String> TABLE_READ =
      List.of(
          "dynamodb:GetItem",
          "dynamodb:BatchGetItem",
          "dynamodb:Query",
          "dynamodb:ConditionCheckItem",
          "dynamodb:DescribeTable");

  /** Item-level actions for a function that owns a table. */
  static final List<String> TABLE_WRITE =
      List.of(
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:BatchWriteItem");

  private final Key key;
  private final Key opsKey;
  private final String secretsPrefix;
  private final String stage;
  private final Map<String, Secret> appSecrets = new LinkedHashMap<>();
  private final Bucket accessLogs;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final Map<String, Bucket> buckets = new LinkedHashMap<>();

  /** Names known before the buckets exist (buckets whose notifications target a function). */
  private final Map<String, String> knownNames = new LinkedHashMap<>();

  /** What each function's role was granted, by construct path: its key use follows from it. */
  private final DataGrants grants = new DataGrants(this);

  /**
   * @param stage lower-case stage name; it is part of the incoming bucket's name
   */
  public DataConstruct(Construct scope, String id, String stage) {
    super(scope, id);
    this.stage = stage;
    key =
        DataResources.key(
            this,
            "DataKey",
            "Privacy-first backend data: tables, buckets, application keys, data keys");
    // Logs, notification topics and SES are not data: a service principal allowed to use their key
    // can never reach a table, an object or a data key.
    opsKey =
        DataResources.key(
            this, "OpsKey", "Privacy-first backend operations: log groups, SNS topics");
    DataResources.allowLogsToUseKey(this, opsKey);

    for (TableSpec spec : Tables.ALL) {
      tables.put(spec.id(), DataResources.table(this, spec, key));
    }

    accessLogs = DataResources.accessLogsBucket(this);

    // The incoming and exports buckets' notifications target functions whose policies name the
    // buckets; names known before the buckets exist keep CloudFormation's graph free of a cycle.
    for (BucketSpec spec : List.of(Buckets.INCOMING, Buckets.EXPORTS)) {
      knownNames.put(
          spec.id(),
          Fn.join(
              "-", List.of("privacyfirst", stage, spec.localName(), Aws.ACCOUNT_ID, Aws.REGION)));
    }
    for (BucketSpec spec : Buckets.ALL) {
      buckets.put(
          spec.id(),
          DataResources.bucket(
              this,
              spec,
              key,
              isBrowserFacing(spec) ? null : accessLogs,
              knownNames.get(spec.id())));
    }

    secretsPrefix = "privacyfirst/" + stage + "/keys/";
    for (SecretSpec spec : AppSecrets.ALL) {
      appSecrets.put(spec.name(), DataResources.appSecret(this, spec, key, secretsPrefix));
    }
  }

  /**
   * Buckets that browsers reach with presigned requests (uploads to incoming, download links to
   * exports). S3 server access logs always record the client's IP address and User-Agent, so these
   * buckets have none; the functions keep an application audit log without addresses instead.
   */
  public static boolean isBrowserFacing(BucketSpec spec) {
    return spec.equals(Buckets.INCOMING) || spec.equals(Buckets.EXPORTS);
  }

  /**
   * Invokes {@code target} for every object created under {@link Buckets#INCOMING_PREFIX}, declared
   * on the bucket itself (no Custom::S3BucketNotifications, which community LocalStack lacks).
   */
  public void notifyUploads(IFunction target) {
    notify(Buckets.INCOMING, Buckets.INCOMING_PREFIX, target, "IncomingInvokesUploadProcessor");
  }

  /**
   * Invokes {@code target} for every download request created under {@link
   * Buckets#EXPORT_REQUESTS_PREFIX} of the exports bucket (S3 invokes it asynchronously).
   */
  public void notifyDownloadRequests(IFunction target) {
    notify(
        Buckets.EXPORTS,
        Buckets.EXPORT_REQUESTS_PREFIX,
        target,
        "ExportsInvokesDownloadMaterialiser");
  }

  private void notify(BucketSpec spec, String prefix, IFunction target, String permissionId) {
    CfnPermission permission =
        CfnPermission.Builder.create(this, permissionId)
            .action("lambda:InvokeFunction")
            .functionName(target.getFunctionArn())
            .principal("s3.amazonaws.com")
            .sourceAccount(Aws.ACCOUNT_ID)
            .sourceArn(bucketArn(spec))
            .build();
    CfnBucket cfn = (CfnBucket) Objects.requireNonNull(bucket(spec).getNode().getDefaultChild());
    cfn.setNotificationConfiguration(
        CfnBucket.NotificationConfigurationProperty.builder()
            .lambdaConfigurations(
                List.of(
                    CfnBucket.LambdaConfigurationProperty.builder()
                        .event("s3:ObjectCreated:*")
                        .function(target.getFunctionArn())
                        .filter(
                            CfnBucket.NotificationFilterProperty.builder()
                                .s3Key(
                                    CfnBucket.S3KeyFilterProperty.builder()
                                        .rules(
                                            List.of(
                                                CfnBucket.FilterRuleProperty.builder()
                                                    .name("prefix")
                                                    .value(prefix)
                                                    .build()))
                                        .build())
                                .build())
                        .build()))
            .build());
    // S3 checks that it may invoke the destination when the configuration is written.
    cfn.getNode().addDependency(permission);
  }

  /** The data key: tables, buckets, application keys and envelope data keys. */
  public Key key() {
    return key;
  }

  /** The operations key: log groups and SNS topics (and what SES publishes to them). */
  public Key opsKey() {
    return opsKey;
  }

  /** {@code secretsmanager:<prefix>}: the functions read key {@code n} from secret prefix + n. */
  public String secretsSource() {
    return "secretsmanager:" + secretsPrefix;
  }

  public Secret appSecret(SecretSpec spec) {
    return appSecrets.get(spec.name());
  }

  /**
   * The name of a topic encrypted under the operations key. Topics are named, not generated, so
   * that the key policy can name a topic's ARN without referring to the topic (which refers to the
   * key: a cycle).
   */
  public String topicName(String suffix) {
    return "privacyfirst-" + stage + "-" + suffix;
  }

  /**
   * Lets a service publish to an encrypted topic named by {@link #topicName}: the operations key,
   * for this account and that topic's encryption context only.
   */
  public void allowServiceToPublish(String sid, ServicePrincipal service, String topicName) {
    String topicArn =
        Stack.of(this)
            .formatArn(
                software.amazon.awscdk.ArnComponents.builder()
                    .service("sns")
                    .resource(topicName)
                    .build());
    opsKey.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid(sid)
            .effect(Effect.ALLOW)
            .principals(List.of(service))
            .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
            .resources(List.of("*"))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of(
                        "aws:SourceAccount",
                        Aws.ACCOUNT_ID,
                        "kms:EncryptionContext:aws:sns:topicArn",
                        topicArn)))
            .build());
  }

  public Table table(TableSpec spec) {
    return tables.get(spec.id());
  }

  public Bucket bucket(BucketSpec spec) {
    return buckets.get(spec.id());
  }

  /** Whether the bucket's name is built by the stack (a notifying bucket) rather than generated. */
  boolean hasKnownName(BucketSpec spec) {
    return knownNames.containsKey(spec.id());
  }

  /** The bucket's name, by construction rather than by reference for the notifying buckets. */
  public String bucketName(BucketSpec spec) {
    return knownNames.containsKey(spec.id())
        ? knownNames.get(spec.id())
        : bucket(spec).getBucketName();
  }

  public String bucketArn(BucketSpec spec) {
    return knownNames.containsKey(spec.id())
        ? Fn.join("", List.of("arn:", Aws.PARTITION, ":s3:::", knownNames.get(spec.id())))
        : bucket(spec).getBucketArn();
  }

  /** Table and bucket names under the environment variables the functions read. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    Tables.ALL.forEach(spec -> env.put(spec.envVar(), table(spec).getTableName()));
    Buckets.ALL.forEach(spec -> env.put(spec.envVar(), bucketName(spec)));
    return env;
  }

  /** Item read access to one table and its indexes. */
  public void grantRead(IGrantable grantee, TableSpec spec) {
    grants.grantTable(grantee, spec, TABLE_READ);
  }

  /** Item read and write access to one table and its indexes (indexes are read-only anyway). */
  public void grantReadWrite(IGrantable grantee, TableSpec spec) {
    List<String> actions = new java.util.ArrayList<>(TABLE_READ);
    actions.addAll(TABLE_WRITE);
    grants.grantTable(grantee, spec, actions);
  }

  /**
   * Scan of one table (not its indexes): only for the operator-run passes that must read every item
   * of a table nothing indexes (the account directory backfill, the email-lookup re-key pass).
   */
  public void grantScan(IGrantable grantee, TableSpec spec) {
    grants.grantScan(grantee, spec);
  }

  /**
   * The given object actions on keys matching {@code keyPattern} (e.g. "uploads/*") of a bucket.
   */
  public void grantObjects(
      IGrantable grantee, BucketSpec spec, String keyPattern, List<String> actions) {
    grants.grantObjects(grantee, spec, keyPattern, actions);
  }

  /** Bucket-level actions (listing) on a bucket. */
  public void grantBucket(IGrantable grantee, BucketSpec spec, List<String> actions) {
    grants.grantBucket(grantee, spec, actions);
  }

  /**
   * Bucket-level actions (listing) on a bucket, only of keys under {@code prefix}: a listing
   * without that prefix is refused ({@code s3:prefix} condition).
   */
  public void grantBucketUnder(
      IGrantable grantee, BucketSpec spec, String prefix, List<String> actions) {
    grants.grantBucketUnder(grantee, spec, prefix, actions);
  }

  /** The tables a function was granted so far. */
  Set<TableSpec> tablesGranted(IGrantable grantee) {
    return grants.tablesGranted(grantee);
  }

  /** The object key patterns a function was granted so far, per bucket. */
  Map<BucketSpec, Set<String>> objectPatternsGranted(IGrantable grantee) {
    return grants.objectPatternsGranted(grantee);
  }

  /**
   * Use of the data key, called once every table and bucket grant of the function is made: through
   * DynamoDB for its tables' encryption context ({@code aws:dynamodb:tableName}), through S3 for
   * its buckets' ({@code aws:s3:arn}, bucket keys), through Secrets Manager for its secrets'
   * ({@code SecretARN}), and its own envelope data keys only with a {@value AppSecrets#PURPOSE} the
   * topology gives it. No statement allows the key under any other context.
   */
  public void grantKeyUse(IGrantable grantee, FunctionSpec function) {
    grants.grantKeyUse(grantee, function);
  }
}
