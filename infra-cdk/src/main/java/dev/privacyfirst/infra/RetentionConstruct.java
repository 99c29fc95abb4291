package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Retention purges and the operator entry point: every table (deletion spans all of them) and
 * deletion of objects and object versions in every bucket, with listing to find them.
 */
public final class RetentionConstruct extends Construct {
  public static final String MODULE = "retention";

  /** The purge's metrics that must page someone: deletions close to or past their deadline. */
  public static final List<String> DEADLINE_METRICS =
      List.of("DeletionRequestsNearDeadline", "DeletionRequestsOverdue");

  private final List<DeployedFunction> functions;
  private final Topic alarms;

  public RetentionConstruct(Construct scope, String id, Capability.Props props) {
    super(scope, id);
    functions = Capability.deploy(this, MODULE, props, Map.of());
    DataConstruct data = props.data();
    for (DeployedFunction fn : functions) {
      Tables.ALL.forEach(table -> data.grantReadWrite(fn.function(), table));
      if (fn.spec().equals(Functions.RETENTION_OPERATOR)) {
        // The directory backfill and the email-lookup re-key pass read the accounts table whole.
        data.grantScan(fn.function(), Tables.ACCOUNTS);
      }
      Buckets.ALL.forEach(
          bucket -> {
            data.grantObjects(
                fn.function(), bucket, "*", List.of("s3:DeleteObject", "s3:DeleteObjectVersion"));
            data.grantBucket(
                fn.function(), bucket, List.of("s3:ListBucket", "s3:ListBucketVersions"));
          });
    }
    for (DeployedFunction fn : functions) {
      // Account export archives: written by the jobs function, read back through presigned GETs
      // signed with the function's role, under run-time generated keys.
      data.grantObjects(
          fn.function(),
          Buckets.EXPORT_ARCHIVES,
          "exports/*",
          List.of("s3:PutObject", "s3:GetObject"));
    }
    alarms = deadlineAlarms(data);
    purgeHealthAlarms(alarms);
    String operator = (String) scope.getNode().tryGetContext(OPERATOR_EMAIL_CONTEXT);
    if (operator != null && !operator.isBlank()) {
      alarms.addSubscription(new EmailSubscription(operator));
    }
  }

  /** The alarm topic's name suffix ({@link DataConstruct#topicName}). */
  static final String ALARMS_TOPIC = "deadline-alarms";

  /** Context key: the operator address the alarm topic mails (a deployment parameter). */
  public static final String OPERATOR_EMAIL_CONTEXT = "operatorEmail";

  /** The metric the purge publishes once per run that finished everything due (1) or not (0). */
  public static final String RUN_FINISHED_METRIC = "PurgeRunsFinished";

  /**
   * Alarms on the purge itself: any failed invocation (Lambda retries, but an operator must know),
   * and no finished run for two scheduled periods. Missing data is breaching here: a purge that
   * stopped running publishes nothing, and that is exactly what must alarm. Two periods, so one
   * late daily run does not flap.
   */
  private void purgeHealthAlarms(Topic topic) {
    DeployedFunction purge =
        functions.stream()
            .filter(f -> f.spec().equals(Functions.RETENTION_PURGE))
            .findFirst()
            .orElseThrow();
    Alarm failed =
        Alarm.Builder.create(this, "PurgeFailedAlarm")
            .alarmDescription("The retention purge failed (Lambda errors > 0)")
            .metric(
                purge
                    .function()
                    .metricErrors(
                        MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build()))
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    failed.addAlarmAction(new SnsAction(topic));
    Alarm stalled =
        Alarm.Builder.create(this, "PurgeNotRunningAlarm")
            .alarmDescription(
                "The retention purge has not finished a run for two scheduled periods")
            .metric(
                Metric.Builder.create()
                    .namespace(LambdaFunctions.METRICS_NAMESPACE)
                    .metricName(RUN_FINISHED_METRIC)
                    .dimensionsMap(Map.of("Service", Functions.RETENTION_PURGE.id()))
                    .statistic("Sum")
                    .period(Duration.days(1))
                    .build())
            .threshold(1)
            .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .evaluationPeriods(2)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.BREACHING)
            .build();
    stalled.addAlarmAction(new SnsAction(topic));
  }

  /**
   * An alarm per deadline metric of the scheduled purge (Powertools' EMF metrics in the shared
   * namespace, dimension Service = the function id), notifying an encrypted operator topic.
   */
  private Topic deadlineAlarms(DataConstruct data) {
    Topic topic =
        Topic.Builder.create(this, "DeadlineAlarms")
            .topicName(data.topicName(ALARMS_TOPIC))
            .displayName("Deletion requests near or past their deadline")
            .masterKey(data.opsKey())
            .enforceSsl(true)
            .build();
    data.allowServiceToPublish(
        "AllowCloudWatchAlarmsToPublishToTheEncryptedTopic",
        new software.amazon.awscdk.services.iam.ServicePrincipal("cloudwatch.amazonaws.com"),
        data.topicName(ALARMS_TOPIC));
    for (String metricName : DEADLINE_METRICS) {
      Metric metric =
          Metric.Builder.create()
              .namespace(LambdaFunctions.METRICS_NAMESPACE)
              .metricName(metricName)
              .dimensionsMap(Map.of("Service", Functions.RETENTION_PURGE.id()))
              .statistic("Maximum")
              .period(Duration.hours(1))
              .build();
      Alarm alarm =
          Alarm.Builder.create(this, metricName + "Alarm")
              .alarmDescription(
                  metricName + " > 0: a deletion request is close to or past its deadline")
              .metric(metric)
              .threshold(0)
              .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
              .evaluationPeriods(1)
              .treatMissingData(TreatMissingData.NOT_BREACHING)
              .build();
      alarm.addAlarmAction(new SnsAction(topic));
    }
    return topic;
  }

  public Topic alarms() {
    return alarms;
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
