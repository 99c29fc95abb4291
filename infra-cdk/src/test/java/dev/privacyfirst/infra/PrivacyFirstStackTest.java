package dev.privacyfirst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.Ownership;
import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

class PrivacyFirstStackTest {
  private static Template template() {
    return SynthesizedStack.aws().template();
  }

  private static Map<String, Map<String, Object>> resources(String type) {
    return template().findResources(type);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  private static String logicalIdOf(String type, String prefix) {
    return resources(type).keySet().stream()
        .filter(id -> id.matches(prefix + "[0-9A-F]{8}"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " named " + prefix));
  }

  @Test
  void everyRouteOfTheSharedTableIsDeclared() {
    template().resourceCountIs("AWS::ApiGatewayV2::Route", Routes.ALL.size());
    for (Route route : Routes.ALL) {
      template()
          .hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route.routeKey()));
    }
  }

  @Test
  void everyRouteIsServedByTheLiveAliasOfItsFunction() {
    for (Route route : Routes.ALL) {
      String aliasId = logicalIdOf("AWS::Lambda::Alias", ".*" + route.function().id() + "Alias");
      template()
          .hasResourceProperties(
              "AWS::ApiGatewayV2::Integration",
              Map.of(
                  "IntegrationType", "AWS_PROXY",
                  "PayloadFormatVersion", "2.0",
                  "IntegrationUri", Map.of("Ref", aliasId)));
    }
  }

  @Test
  void onlyTheIngestionRoutesHaveTheirOwnThrottleAndTheStageLogsAccess() {
    List<String> ingestion =
        Routes.ALL.stream()
            .filter(r -> r.function().equals(Functions.TRACKING_API))
            .map(Route::routeKey)
            .toList();
    Map<String, Map<String, Object>> stages = resources("AWS::ApiGatewayV2::Stage");
    assertThat(stages).hasSize(1);
    Map<String, Object> stage = properties(stages.values().iterator().next());
    @SuppressWarnings("unchecked")
    Map<String, Object> settings = (Map<String, Object>) stage.get("RouteSettings");
    assertThat(settings.keySet()).containsExactlyInAnyOrderElementsOf(ingestion);
    assertThat(ingestion).contains("POST /track", "POST /import", "POST /engage");
    assertThat(stage).containsKeys("AccessLogSettings", "DefaultRouteSettings");
    assertThat(String.valueOf(stage.get("AccessLogSettings"))).doesNotContain("sourceIp");
  }

  @Test
  void everyFunctionRunsJava25OnArm64WithSnapStartAndTracing() {
    for (FunctionSpec spec : Functions.ALL) {
      template()
          .hasResourceProperties(
              "AWS::Lambda::Function",
              Map.of(
                  "Handler", spec.handlerClass(),
                  "Runtime", "java25",
                  "Architectures", List.of("arm64"),
                  "MemorySize", spec.memoryMb(),
                  "Timeout", spec.timeoutSeconds(),
                  "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                  "TracingConfig", Map.of("Mode", "Active")));
    }
    template().resourceCountIs("AWS::Lambda::Alias", Functions.ALL.size());
    resources("AWS::Lambda::Function")
        .values()
        .forEach(fn -> assertThat(properties(fn)).containsEntry("Runtime", "java25"));
  }

  @Test
  void everyFunctionGetsTheNamesKeysAndPowertoolsSettingsItReads() {
    for (FunctionSpec spec : Functions.ALL) {
      Map<String, Object> variables = new java.util.LinkedHashMap<>();
      Tables.ALL.forEach(t -> variables.put(t.envVar(), Match.anyValue()));
      Buckets.ALL.forEach(b -> variables.put(b.envVar(), Match.anyValue()));
      variables.put("MASTER_KEY", Match.anyValue());
      variables.put("SECRETS_SOURCE", Match.anyValue());
      variables.put("APP_STAGE", "prod");
      variables.put("PUBLIC_BASE_URL", Match.anyValue());
      variables.put("POWERTOOLS_SERVICE_NAME", spec.id());
      variables.put("POWERTOOLS_METRICS_NAMESPACE", "PrivacyFirst");
      variables.put("POWERTOOLS_LOG_LEVEL", "INFO");
      // The functions it invokes asynchronously, by name (the subject-rights contract's ports).
      Functions.invokedBy(spec)
          .forEach(target -> variables.put(Functions.nameEnvVar(target), Match.anyValue()));
      if (sendsMail(spec)) {
        variables.put("SES_CONFIGURATION_SET", Match.anyValue());
        variables.put("MAIL_FROM", PrivacyFirstStack.DEFAULT_MAIL_FROM);
        // The mailto List-Unsubscribe mailbox (the mailer and the inbound-mail handler).
        variables.put("UNSUBSCRIBE_MAILTO", "unsubscribe@example.com");
      }
      template()
          .hasResourceProperties(
              "AWS::Lambda::Function",
              Map.of(
                  "Handler",
                  spec.handlerClass(),
                  "Environment",
                  Map.of("Variables", Match.objectEquals(variables))));
    }
  }

  @Test
  void everyTableButTheUserKeysIsOnDemandWithRecoveryCustomerKeyEncryptionAndItsTtl() {
    template().resourceCountIs("AWS::DynamoDB::Table", Tables.ALL.size());
    String keyId = logicalIdOf("AWS::KMS::Key", "DataDataKey");
    for (TableSpec spec : Tables.ALL) {
      Map<String, Object> table =
          properties(
              resources("AWS::DynamoDB::Table")
                  .get(logicalIdOf("AWS::DynamoDB::Table", "Data" + spec.id())));
      assertThat(table).containsEntry("BillingMode", "PAY_PER_REQUEST");
      // The per-user key table has no backups: a backup would outlive crypto-shredding.
      assertThat(table)
          .containsEntry(
              "PointInTimeRecoverySpecification",
              Map.of("PointInTimeRecoveryEnabled", Tables.isBackedUp(spec)));
      assertThat(table)
          .containsEntry(
              "SSESpecification",
              Map.of(
                  "SSEEnabled",
                  true,
                  "SSEType",
                  "KMS",
                  "KMSMasterKeyId",
                  Map.of("Fn::GetAtt", List.of(keyId, "Arn"))));
      if (spec.ttlAttribute() != null) {
        assertThat(table)
            .containsEntry(
                "TimeToLiveSpecification",
                Map.of("AttributeName", spec.ttlAttribute(), "Enabled", true));
      } else {
        assertThat(table).doesNotContainKey("TimeToLiveSpecification");
      }
      for (TableSpec.IndexSpec index : spec.indexes()) {
        assertThat(String.valueOf(table.get("GlobalSecondaryIndexes")))
            .contains("IndexName=" + index.name());
      }
    }
    template().allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void theDataAndOperationsKeysBothRotate() {
    template().resourceCountIs("AWS::KMS::Key", 2);
    template()
        .allResourcesProperties(
            "AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
  }

  @Test
  void everyBucketIsPrivateTlsOnlyAndExpiresAsSpecified() {
    template()
        .allResourcesProperties(
            "AWS::S3::Bucket",
            Map.of(
                "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls", true,
                    "BlockPublicPolicy", true,
                    "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true)));
    int buckets = resources("AWS::S3::Bucket").size();
    template().resourceCountIs("AWS::S3::BucketPolicy", buckets);
    template()
        .allResourcesProperties(
            "AWS::S3::BucketPolicy",
            Map.of(
                "PolicyDocument",
                Map.of(
                    "Statement",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Effect", "Deny",
                                    "Action", "s3:*",
                                    "Condition",
                                        Map.of(
                                            "Bool", Map.of("aws:SecureTransport", "false")))))))));
    for (BucketSpec spec : Buckets.ALL) {
      Map<String, Object> rule = new java.util.LinkedHashMap<>();
      rule.put("Status", "Enabled");
      rule.put("AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1));
      if (spec.expireAfterDays() > 0) {
        rule.put("ExpirationInDays", spec.expireAfterDays());
      }
      if (spec.noncurrentExpireAfterDays() > 0) {
        rule.put(
            "NoncurrentVersionExpiration",
            Map.of("NoncurrentDays", spec.noncurrentExpireAfterDays()));
      }
      Map<String, Object> bucket =
          properties(
              resources("AWS::S3::Bucket")
                  .get(logicalIdOf("AWS::S3::Bucket", "Data" + spec.id() + "Bucket")));
      template()
          .hasResourceProperties(
              "AWS::S3::Bucket",
              Map.of(
                  "BucketEncryption",
                  Match.anyValue(),
                  "LifecycleConfiguration",
                  Map.of("Rules", List.of(Match.objectLike(rule)))));
      assertThat(bucket.containsKey("VersioningConfiguration")).isEqualTo(spec.versioned());
      assertThat(String.valueOf(bucket.get("BucketEncryption"))).contains("aws:kms");
    }
  }

  @Test
  void bucketsThatBrowsersReachKeepNoServerAccessLogAndTheOthersDo() {
    for (BucketSpec spec : Buckets.ALL) {
      Map<String, Object> bucket =
          properties(
              resources("AWS::S3::Bucket")
                  .get(logicalIdOf("AWS::S3::Bucket", "Data" + spec.id() + "Bucket")));
      boolean browsers = spec.equals(Buckets.INCOMING) || spec.equals(Buckets.EXPORTS);
      assertThat(bucket.containsKey("LoggingConfiguration"))
          .as("server access log of the %s bucket", spec.id())
          .isEqualTo(!browsers);
      if (!browsers) {
        assertThat(String.valueOf(bucket.get("LoggingConfiguration")))
            .contains("LogFilePrefix=" + spec.id() + "/");
      }
    }
  }

  @Test
  void downloadRequestsNotifyTheMaterialiserOnlyUnderTheRequestPrefix() {
    String bucketId = logicalIdOf("AWS::S3::Bucket", "Data" + Buckets.EXPORTS.id() + "Bucket");
    Map<String, Object> bucket = properties(resources("AWS::S3::Bucket").get(bucketId));
    String alias =
        logicalIdOf("AWS::Lambda::Alias", ".*" + Functions.DOWNLOAD_MATERIALISER.id() + "Alias");
    assertThat(String.valueOf(bucket.get("NotificationConfiguration")))
        .contains("Ref=" + alias)
        .contains("Value=" + Buckets.EXPORT_REQUESTS_PREFIX);
    template()
        .hasResourceProperties(
            "AWS::Lambda::Permission",
            Map.of("Principal", "s3.amazonaws.com", "FunctionName", Map.of("Ref", alias)));
  }

  @Test
  void theDownloadSweepRunsOftenEnoughToRemoveCopiesWithinTheHour() {
    template()
        .hasResourceProperties(
            "AWS::Scheduler::Schedule",
            Map.of("ScheduleExpression", Functions.DOWNLOAD_SWEEP.schedule()));
    assertThat(Functions.DOWNLOAD_SWEEP.schedule()).isEqualTo("rate(15 minutes)");
  }

  @Test
  void theUploadRedriveRunsEveryTenMinutesAndAloneOfTheFilesFunctionsListsTheIncomingBucket() {
    template()
        .hasResourceProperties(
            "AWS::Scheduler::Schedule",
            Map.of("ScheduleExpression", Functions.UPLOAD_REDRIVE.schedule()));
    assertThat(Functions.UPLOAD_REDRIVE.schedule()).isEqualTo("rate(10 minutes)");
    assertThat(Functions.invokedBy(Functions.UPLOAD_REDRIVE))
        .containsExactly(Functions.UPLOAD_PROCESSOR);
    for (FunctionSpec spec : Functions.ALL) {
      if (spec.module().equals(FilesConstruct.MODULE)) {
        assertThat(String.valueOf(policyOf(spec)).contains("s3:ListBucket"))
            .as(spec.id())
            .isEqualTo(spec.equals(Functions.UPLOAD_REDRIVE));
      }
    }
  }

  @Test
  void theUploadRedriveMayListOnlyTheUploadPrefixOfTheIncomingBucket() {
    Map<?, ?> policy = (Map<?, ?>) policyOf(Functions.UPLOAD_REDRIVE);
    List<Map<?, ?>> listing =
        statementsOf(((Map<?, ?>) policy.get("Properties")).get("PolicyDocument")).stream()
            .<Map<?, ?>>map(statement -> (Map<?, ?>) statement)
            .filter(statement -> String.valueOf(statement.get("Action")).contains("s3:ListBucket"))
            .toList();
    assertThat(listing).hasSize(1);
    assertThat(String.valueOf(listing.getFirst().get("Resource")))
        .contains("-" + Buckets.INCOMING.localName())
        .doesNotContain("/*");
    String prefix = Buckets.INCOMING_PREFIX + "*";
    assertThat(String.valueOf(listing.getFirst().get("Condition")))
        .isIn(
            "{StringLike={s3:prefix=" + prefix + "}}", "{StringLike={s3:prefix=[" + prefix + "]}}");
  }

  @Test
  void uploadsNotifyTheProcessorFromTheBucketItselfOnlyUnderTheUploadPrefix() {
    String bucketId = logicalIdOf("AWS::S3::Bucket", "Data" + Buckets.INCOMING.id() + "Bucket");
    Map<String, Object> bucket = properties(resources("AWS::S3::Bucket").get(bucketId));
    String processorAlias =
        logicalIdOf("AWS::Lambda::Alias", ".*" + Functions.UPLOAD_PROCESSOR.id() + "Alias");
    assertThat(bucket.get("NotificationConfiguration"))
        .isEqualTo(
            Map.of(
                "LambdaConfigurations",
                List.of(
                    Map.of(
                        "Event", "s3:ObjectCreated:*",
                        "Function", Map.of("Ref", processorAlias),
                        "Filter",
                            Map.of(
                                "S3Key",
                                Map.of(
                                    "Rules",
                                    List.of(
                                        Map.of(
                                            "Name",
                                            "prefix",
                                            "Value",
                                            Buckets.INCOMING_PREFIX))))))));
    template().resourceCountIs("Custom::S3BucketNotifications", 0);
    template()
        .hasResourceProperties(
            "AWS::Lambda::Permission",
            Map.of("Principal", "s3.amazonaws.com", "FunctionName", Map.of("Ref", processorAlias)));
  }

  @Test
  void theScheduledPurgeRunsOnItsScheduleThroughEventBridgeScheduler() {
    template()
        .hasResourceProperties(
            "AWS::Scheduler::Schedule",
            Map.of("ScheduleExpression", Functions.RETENTION_PURGE.schedule()));
    template().resourceCountIs("AWS::Events::Rule", 0);
  }

  @Test
  void sesEventsReachTheEmailFunctionThroughAnEncryptedTopic() {
    template()
        .hasResourceProperties(
            "AWS::SES::ConfigurationSetEventDestination",
            Map.of(
                "EventDestination",
                Match.objectLike(
                    Map.of(
                        "MatchingEventTypes", List.of("bounce", "complaint", "delivery"),
                        "SnsDestination", Match.anyValue()))));
    template().hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
    template()
        .hasResourceProperties(
            "AWS::SNS::Subscription",
            Map.of(
                "Protocol",
                "lambda",
                "Endpoint",
                Map.of(
                    "Ref",
                    logicalIdOf(
                        "AWS::Lambda::Alias", ".*" + Functions.SES_NOTIFICATIONS.id() + "Alias"))));
  }

  @Test
  void noPolicyGrantsAWholeServiceOrEverything() {
    for (Object statement : allStatements()) {
      Object actions = ((Map<?, ?>) statement).get("Action");
      List<Object> list = actions instanceof List<?> l ? new ArrayList<>(l) : List.of(actions);
      assertThat(list)
          .as("statement %s", statement)
          .doesNotContain("*", "s3:*", "dynamodb:*", "kms:*", "ses:*", "secretsmanager:*");
    }
  }

  @Test
  void theFilesFunctionsTouchNeitherTheEventsNorTheAccountsTable() {
    String eventsTable = logicalIdOf("AWS::DynamoDB::Table", "Data" + Tables.EVENTS.id());
    String accountsTable = logicalIdOf("AWS::DynamoDB::Table", "Data" + Tables.ACCOUNTS.id());
    String sessionsTable = logicalIdOf("AWS::DynamoDB::Table", "Data" + Tables.SESSIONS.id());
    List<FunctionSpec> filesFunctions =
        Functions.ALL.stream().filter(f -> f.module().equals(FilesConstruct.MODULE)).toList();
    assertThat(filesFunctions).isNotEmpty();
    for (FunctionSpec spec : filesFunctions) {
      String policy = String.valueOf(policyOf(spec));
      assertThat(policy).doesNotContain(eventsTable).doesNotContain(accountsTable);
      // Only the API authenticates requests; the other files functions never read a session
      // (the operator route is authenticated by API Gateway's IAM authorizer, not a session).
      assertThat(policy.contains(sessionsTable))
          .as(spec.id())
          .isEqualTo(spec.equals(Functions.FILES_API));
      assertThat(policy).doesNotContain("ses:");
    }
  }

  /**
   * The module boundaries hold in IAM too: a capability's functions may use only the tables its
   * module owns, the shared code's (sessions, user keys) and the contract's; only the
   * subject-rights functions reach every table.
   */
  @Test
  void noCapabilityIsGrantedAnotherCapabilitysTable() {
    for (FunctionSpec spec : Functions.ALL) {
      if (spec.module().equals(RetentionConstruct.MODULE)) {
        continue;
      }
      String policy = String.valueOf(policyOf(spec));
      for (TableSpec table : Tables.ALL) {
        String owner = Ownership.ownerOf(table).orElseThrow();
        boolean allowed =
            owner.equals(spec.module())
                || owner.equals(Ownership.COMMON)
                || owner.equals(Ownership.RIGHTS);
        if (!allowed) {
          assertThat(policy)
              .as("%s must not be granted %s", spec.id(), table.id())
              .doesNotContain(logicalIdOf("AWS::DynamoDB::Table", "Data" + table.id()));
        }
      }
    }
  }

  /** The per-client buckets are used where requests arrive: the functions that serve routes. */
  @Test
  void onlyTheFunctionsServingRoutesAreGrantedTheLimitsTable() {
    String limitsTable = logicalIdOf("AWS::DynamoDB::Table", "Data" + Tables.LIMITS.id());
    for (FunctionSpec spec : Functions.ALL) {
      if (spec.module().equals(RetentionConstruct.MODULE)) {
        continue;
      }
      boolean servesRoutes =
          dev.privacyfirst.common.topology.Routes.ALL.stream()
              .anyMatch(r -> r.function().equals(spec));
      assertThat(String.valueOf(policyOf(spec)).contains(limitsTable))
          .as(spec.id())
          .isEqualTo(servesRoutes);
    }
  }

  @Test
  void onlyTheFunctionsTheTopologyNamesMayInvokeOthers() {
    for (FunctionSpec spec : Functions.ALL) {
      boolean invokes = String.valueOf(policyOf(spec)).contains("lambda:InvokeFunction");
      assertThat(invokes).as(spec.id()).isEqualTo(!Functions.invokedBy(spec).isEmpty());
    }
  }

  @Test
  void thePurgeAlarmsWhenItFailsOrStopsRunning() {
    template()
        .hasResourceProperties(
            "AWS::CloudWatch::Alarm",
            Match.objectLike(
                Map.of(
                    "MetricName",
                    "Errors",
                    "Namespace",
                    "AWS/Lambda",
                    "ComparisonOperator",
                    "GreaterThanThreshold",
                    "AlarmActions",
                    Match.anyValue())));
    template()
        .hasResourceProperties(
            "AWS::CloudWatch::Alarm",
            Match.objectLike(
                Map.of(
                    "MetricName",
                    RetentionConstruct.RUN_FINISHED_METRIC,
                    "ComparisonOperator",
                    "LessThanThreshold",
                    "EvaluationPeriods",
                    2,
                    "DatapointsToAlarm",
                    2,
                    "TreatMissingData",
                    "breaching",
                    "AlarmActions",
                    Match.anyValue())));
  }

  @Test
  void anOperatorAddressSubscribesToTheAlarmTopic() {
    Template withOperator =
        SynthesizedStack.withContext(
                Map.of(RetentionConstruct.OPERATOR_EMAIL_CONTEXT, "ops@example.com"))
            .template();
    withOperator.hasResourceProperties(
        "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
  }

  @Test
  void onlyTheEmailFunctionsMaySendMail() {
    for (FunctionSpec spec : Functions.ALL) {
      boolean sends = String.valueOf(policyOf(spec)).contains("ses:SendEmail");
      assertThat(sends).as(spec.id()).isEqualTo(sendsMail(spec));
    }
  }

  @Test
  void deletionRequestsNearOrPastTheirDeadlineRaiseAnAlarmToAnEncryptedTopic() {
    for (String metric : RetentionConstruct.DEADLINE_METRICS) {
      template()
          .hasResourceProperties(
              "AWS::CloudWatch::Alarm",
              Match.objectLike(
                  Map.of(
                      "MetricName",
                      metric,
                      "Namespace",
                      LambdaFunctions.METRICS_NAMESPACE,
                      "Threshold",
                      0,
                      "ComparisonOperator",
                      "GreaterThanThreshold",
                      "Dimensions",
                      List.of(Map.of("Name", "Service", "Value", Functions.RETENTION_PURGE.id())),
                      "AlarmActions",
                      Match.anyValue())));
    }
  }

  @Test
  void theApiUrlIsAnOutput() {
    template().hasOutput(PrivacyFirstStack.API_URL_OUTPUT, Match.anyValue());
  }

  @Test
  void onLocalStackTheScheduleIsAnEventBridgeRule() {
    Template localstack = SynthesizedStack.localstack().template();
    localstack.resourceCountIs("AWS::Scheduler::Schedule", 0);
    localstack.hasResourceProperties(
        "AWS::Events::Rule", Map.of("ScheduleExpression", Functions.RETENTION_PURGE.schedule()));
  }

  @Test
  void cdkNagAwsSolutionsReportsNoUnsuppressedError() {
    List<SynthesisMessage> errors =
        SynthesizedStack.aws()
            .annotations()
            .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    assertThat(errors.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList())
        .isEmpty();
  }

  private static Object policyOf(FunctionSpec spec) {
    return resources("AWS::IAM::Policy").entrySet().stream()
        .filter(e -> e.getKey().matches(".*" + spec.id() + "RoleDefaultPolicy[0-9A-F]{8}"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no policy for " + spec.id()));
  }

  private static List<Object> allStatements() {
    List<Object> statements = new ArrayList<>();
    for (Map<String, Object> policy : resources("AWS::IAM::Policy").values()) {
      statements.addAll(statementsOf(properties(policy).get("PolicyDocument")));
    }
    for (Map<String, Object> role : resources("AWS::IAM::Role").values()) {
      Object inline = properties(role).get("Policies");
      if (inline instanceof Collection<?> policies) {
        for (Object p : policies) {
          statements.addAll(statementsOf(((Map<?, ?>) p).get("PolicyDocument")));
        }
      }
    }
    assertThat(statements).isNotEmpty();
    return statements;
  }

  private static Collection<?> statementsOf(Object document) {
    return (Collection<?>) ((Map<?, ?>) document).get("Statement");
  }

  /** Only the email capability sends mail; everyone else hands it notices through the contract. */
  private static boolean sendsMail(FunctionSpec spec) {
    return spec.module().equals(EmailConstruct.MODULE);
  }
}
