package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.SecretSpec;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * How each stateful resource of a {@link DataConstruct} is built from its spec in the topology:
 * retained, encrypted under the data key (the access-log bucket excepted), and created in the data
 * construct's own scope, so that their logical ids (and so the deployed tables and buckets) do not
 * depend on this code's layout.
 */
final class DataResources {
  private DataResources() {}

  static Key key(Construct scope, String id, String description) {
    return Key.Builder.create(scope, id)
        .description(description)
        .enableKeyRotation(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  /** Lets CloudWatch Logs of this account encrypt log groups under {@code opsKey}. */
  static void allowLogsToUseKey(Construct scope, Key opsKey) {
    opsKey.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("AllowCloudWatchLogsOfThisAccount")
            .effect(Effect.ALLOW)
            .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + "." + Aws.URL_SUFFIX)))
            .actions(
                List.of(
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*"))
            .resources(List.of("*"))
            .conditions(
                Map.of(
                    "ArnLike",
                    Map.of(
                        "kms:EncryptionContext:aws:logs:arn",
                        Stack.of(scope)
                            .formatArn(
                                ArnComponents.builder()
                                    .service("logs")
                                    .resource("log-group")
                                    .resourceName("*")
                                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                    .build()))))
            .build());
  }

  static Table table(Construct scope, TableSpec spec, Key key) {
    Table.Builder builder =
        Table.Builder.create(scope, spec.id())
            .partitionKey(
                Attribute.builder().name(spec.partitionKey()).type(AttributeType.STRING).build())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder()
                    .pointInTimeRecoveryEnabled(Tables.isBackedUp(spec))
                    .build())
            .encryption(TableEncryption.CUSTOMER_MANAGED)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.RETAIN);
    spec.sortKeyName()
        .ifPresent(
            sk -> builder.sortKey(Attribute.builder().name(sk).type(AttributeType.STRING).build()));
    spec.ttl().ifPresent(builder::timeToLiveAttribute);
    Table table = builder.build();
    for (TableSpec.IndexSpec index : spec.indexes()) {
      GlobalSecondaryIndexProps.Builder gsi =
          GlobalSecondaryIndexProps.builder()
              .indexName(index.name())
              .partitionKey(
                  Attribute.builder().name(index.partitionKey()).type(AttributeType.STRING).build())
              .projectionType(ProjectionType.ALL);
      if (index.sortKey() != null) {
        gsi.sortKey(Attribute.builder().name(index.sortKey()).type(AttributeType.STRING).build());
      }
      table.addGlobalSecondaryIndex(gsi.build());
    }
    return table;
  }

  /** SSE-KMS is not supported for server access log delivery, so this one bucket is S3-managed. */
  static Bucket accessLogsBucket(Construct scope) {
    return Bucket.Builder.create(scope, "AccessLogsBucket")
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .encryption(BucketEncryption.S3_MANAGED)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .lifecycleRules(
            List.of(
                LifecycleRule.builder()
                    .abortIncompleteMultipartUploadAfter(Duration.days(1))
                    .expiration(Duration.days(90))
                    .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  /**
   * @param accessLogs where its server access logs go, or null for none (browser-facing buckets)
   * @param knownName its name when built by the stack, or null for a generated one
   */
  static Bucket bucket(
      Construct scope, BucketSpec spec, Key key, Bucket accessLogs, String knownName) {
    LifecycleRule.Builder rule =
        LifecycleRule.builder()
            .id("retention")
            .abortIncompleteMultipartUploadAfter(Duration.days(1));
    if (spec.expireAfterDays() > 0) {
      rule.expiration(Duration.days(spec.expireAfterDays()));
    }
    if (spec.noncurrentExpireAfterDays() > 0) {
      rule.noncurrentVersionExpiration(Duration.days(spec.noncurrentExpireAfterDays()));
    }
    Bucket.Builder builder =
        Bucket.Builder.create(scope, spec.id() + "Bucket")
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .encryption(BucketEncryption.KMS)
            .encryptionKey(key)
            .bucketKeyEnabled(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .versioned(spec.versioned())
            .lifecycleRules(List.of(rule.build()))
            .removalPolicy(RemovalPolicy.RETAIN);
    if (accessLogs != null) {
      builder.serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix(spec.id() + "/");
    }
    if (knownName != null) {
      builder.bucketName(knownName);
    }
    return builder.build();
  }

  /**
   * One secret per application key: {@code {"current":"1","v1":"<random>"}}. Rotation adds {@code
   * v2} and moves {@code current}; older versions stay readable until retired (README, "Keys").
   */
  static Secret appSecret(Construct scope, SecretSpec spec, Key key, String secretsPrefix) {
    return Secret.Builder.create(scope, "AppKey" + pascal(spec.name()))
        .secretName(secretsPrefix + spec.name())
        .description(
            "Application key '"
                + spec.name()
                + "': "
                + spec.purpose()
                + " ("
                + switch (spec.rotation()) {
                  case VERSIONED -> "versioned output; rotate by adding a version";
                  case REKEY_PASS -> "stored identifiers; rotate only with a re-key pass";
                  case SHORT_LIVED -> "short-lived output; rotate at any time";
                }
                + ")")
        .encryptionKey(key)
        .generateSecretString(
            SecretStringGenerator.builder()
                .secretStringTemplate("{\"current\":\"1\"}")
                .generateStringKey("v1")
                .passwordLength(64)
                .excludePunctuation(true)
                .build())
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  private static String pascal(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("-")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }
}
