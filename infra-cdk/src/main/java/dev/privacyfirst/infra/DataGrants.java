package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.SecretSpec;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.IConstruct;

/**
 * What each function's role may do with the data of a {@link DataConstruct}, and the ledger of it:
 * item access to tables, object and bucket access, and the data key's use that follows from those
 * grants (conditioned on each service's encryption context), its application keys and its envelope
 * purposes. The ledger is by construct path, so the key statements and cdk-nag's reasons are
 * derived from the grants made rather than declared a second time.
 */
final class DataGrants {
  private final DataConstruct data;
  private final Map<String, Set<TableSpec>> tablesOf = new LinkedHashMap<>();
  private final Map<String, Map<BucketSpec, Set<String>>> objectPatternsOf = new LinkedHashMap<>();

  DataGrants(DataConstruct data) {
    this.data = data;
  }

  void grantTable(IGrantable grantee, TableSpec spec, List<String> actions) {
    tablesOf.computeIfAbsent(pathOf(grantee), p -> new LinkedHashSet<>()).add(spec);
    Table table = data.table(spec);
    List<String> resources = new ArrayList<>(List.of(table.getTableArn()));
    if (!spec.indexes().isEmpty()) {
      resources.add(table.getTableArn() + "/index/*");
    }
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create().actions(actions).resources(resources).build());
  }

  /** Scan of the table itself (not its indexes). */
  void grantScan(IGrantable grantee, TableSpec spec) {
    tablesOf.computeIfAbsent(pathOf(grantee), p -> new LinkedHashSet<>()).add(spec);
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Scan"))
                .resources(List.of(data.table(spec).getTableArn()))
                .build());
  }

  void grantObjects(IGrantable grantee, BucketSpec spec, String keyPattern, List<String> actions) {
    objectPatternsOf
        .computeIfAbsent(pathOf(grantee), p -> new LinkedHashMap<>())
        .computeIfAbsent(spec, b -> new LinkedHashSet<>())
        .add(keyPattern);
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(data.bucketArn(spec) + "/" + keyPattern))
                .build());
  }

  void grantBucket(IGrantable grantee, BucketSpec spec, List<String> actions) {
    grantee.getGrantPrincipal().addToPrincipalPolicy(bucketStatement(spec, actions).build());
  }

  void grantBucketUnder(IGrantable grantee, BucketSpec spec, String prefix, List<String> actions) {
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            bucketStatement(spec, actions)
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(prefix + "*"))))
                .build());
  }

  /** Bucket-level actions on the bucket itself (not its objects). */
  private PolicyStatement.Builder bucketStatement(BucketSpec spec, List<String> actions) {
    return PolicyStatement.Builder.create()
        .actions(actions)
        .resources(List.of(data.bucketArn(spec)));
  }

  private static String pathOf(IGrantable grantee) {
    if (grantee instanceof IConstruct construct) {
      return construct.getNode().getPath();
    }
    throw new IllegalArgumentException("grants go to constructs (functions)");
  }

  Set<TableSpec> tablesGranted(IGrantable grantee) {
    return Set.copyOf(tablesOf.getOrDefault(pathOf(grantee), Set.of()));
  }

  Map<BucketSpec, Set<String>> objectPatternsGranted(IGrantable grantee) {
    return Map.copyOf(objectPatternsOf.getOrDefault(pathOf(grantee), Map.of()));
  }

  /** See {@link DataConstruct#grantKeyUse}. */
  void grantKeyUse(IGrantable grantee, FunctionSpec function) {
    String region = Aws.REGION;
    List<String> dataKeyActions = List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey");
    Set<TableSpec> tableSpecs = tablesGranted(grantee);
    if (!tableSpecs.isEmpty()) {
      List<String> names =
          Tables.ALL.stream()
              .filter(tableSpecs::contains)
              .map(t -> data.table(t).getTableName())
              .toList();
      addKeyStatement(
          grantee,
          "DataKeyThroughDynamoDbForItsTables",
          dataKeyActions,
          Map.of(
              "kms:ViaService",
              "dynamodb." + region + "." + Aws.URL_SUFFIX,
              "kms:EncryptionContext:aws:dynamodb:tableName",
              names));
    }
    Set<BucketSpec> bucketSpecs = objectPatternsGranted(grantee).keySet();
    if (!bucketSpecs.isEmpty()) {
      List<String> arns =
          Buckets.ALL.stream().filter(bucketSpecs::contains).map(data::bucketArn).toList();
      addKeyStatement(
          grantee,
          "DataKeyThroughS3ForItsBuckets",
          dataKeyActions,
          Map.of(
              "kms:ViaService",
              "s3." + region + "." + Aws.URL_SUFFIX,
              "kms:EncryptionContext:aws:s3:arn",
              arns));
    }
    List<SecretSpec> secrets = AppSecrets.readableBy(function);
    if (!secrets.isEmpty()) {
      List<String> arns = secrets.stream().map(s -> data.appSecret(s).getSecretArn()).toList();
      grantee
          .getGrantPrincipal()
          .addToPrincipalPolicy(
              PolicyStatement.Builder.create()
                  .sid("ReadItsApplicationKeys")
                  .actions(List.of("secretsmanager:GetSecretValue"))
                  .resources(arns)
                  .build());
      addKeyStatement(
          grantee,
          "DataKeyThroughSecretsManagerForItsKeys",
          List.of("kms:Decrypt"),
          Map.of(
              "kms:ViaService",
              "secretsmanager." + region + "." + Aws.URL_SUFFIX,
              "kms:EncryptionContext:SecretARN",
              arns));
    }
    List<String> purposes = AppSecrets.envelopePurposesOf(function);
    if (!purposes.isEmpty()) {
      addKeyStatement(
          grantee,
          "EnvelopeDataKeysOfItsPurposes",
          List.of("kms:GenerateDataKey", "kms:Decrypt"),
          Map.of("kms:EncryptionContext:" + AppSecrets.PURPOSE, purposes));
    }
  }

  private void addKeyStatement(
      IGrantable grantee, String sid, List<String> actions, Map<String, Object> equals) {
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(List.of(data.key().getKeyArn()))
                .conditions(Map.of("StringEquals", equals))
                .build());
  }
}
