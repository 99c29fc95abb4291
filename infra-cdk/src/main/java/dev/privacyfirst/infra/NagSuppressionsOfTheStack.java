package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.SecretSpec;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every cdk-nag (AwsSolutions) suppression of the stack, each scoped to the resources and, for
 * wildcards, to the exact resource patterns it accepts, with its reason.
 */
final class NagSuppressionsOfTheStack {
  private NagSuppressionsOfTheStack() {}

  static final String XRAY_REASON =
      "Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level"
          + " permissions, so AWS requires Resource '*' for them; no other statement of the role has"
          + " Resource '*' (PrivacyFirstStackTest proves it).";

  static final String INDEX_REASON =
      "Queries on the global secondary indexes (tableArn/index/*) of a table this function is"
          + " granted; the table itself is named, and only item-level actions are granted.";

  static final String OBJECT_REASON =
      "Object-level actions on run-time generated keys of a bucket this function is granted, under"
          + " the prefix it needs, with an explicit action list, never s3:*.";

  static final String AUTH_REASON =
      "Authentication is in the functions and route-specific: bearer session tokens (accounts,"
          + " files, event privacy requests, email preferences), HMAC-signed one-click links"
          + " (RFC 8058 unsubscribe, preference center) and Mixpanel project tokens (ingestion);"
          + " account creation and sign-in are public by nature. No JWT/IAM authorizer fits them;"
          + " the operator routes (Route.Auth.IAM) have API Gateway's IAM authorizer.";

  static final String ROTATION_REASON =
      "An application key rotates by adding a version to its secret and making it current: older"
          + " versions stay readable (what they signed or named carries its version, lookups try"
          + " the current then the older versions) until retired. Keys whose output is a stored"
          + " identifier need a re-key pass first, which a Lambda rotation on a timer cannot run"
          + " (README, 'Application keys').";

  static final String NO_ACCESS_LOG_REASON =
      "Browsers reach this bucket directly through presigned requests, and S3 server access logs"
          + " always record the client's IP address and User-Agent next to the object key (account"
          + " and file ids), which the privacy policy promises not to store. The functions keep an"
          + " application audit log of every presigned upload and download link instead, without"
          + " addresses; the vault, which only the functions reach, keeps its access log.";

  static void apply(PrivacyFirstStack stack) {
    DataConstruct data = stack.data();
    String dataPath = literal(data.getNode().getId());
    for (DeployedFunction fn : stack.functions().values()) {
      List<NagPackSuppression> wildcards = new ArrayList<>();
      wildcards.add(
          NagPackSuppression.builder()
              .id("AwsSolutions-IAM5")
              .reason(XRAY_REASON)
              .appliesTo(List.of("Resource::*"))
              .build());
      List<Object> indexes = new ArrayList<>();
      for (TableSpec table : Tables.ALL) {
        if (!table.indexes().isEmpty() && data.tablesGranted(fn.function()).contains(table)) {
          indexes.add(
              regex(
                  "^Resource::<"
                      + dataPath
                      + literal(table.id())
                      + "[0-9A-F]{8}\\.Arn>\\/index\\/\\*$"));
        }
      }
      if (!indexes.isEmpty()) {
        wildcards.add(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(INDEX_REASON)
                .appliesTo(indexes)
                .build());
      }
      List<Object> objects = new ArrayList<>();
      data.objectPatternsGranted(fn.function())
          .forEach(
              (bucket, patterns) ->
                  patterns.forEach(pattern -> objects.add(objectRegex(data, bucket, pattern))));
      if (!objects.isEmpty()) {
        wildcards.add(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(OBJECT_REASON)
                .appliesTo(objects)
                .build());
      }
      NagSuppressions.addResourceSuppressions(
          Objects.requireNonNull(fn.function().getRole()), wildcards, true);
    }
    for (var spec : Buckets.ALL) {
      if (DataConstruct.isBrowserFacing(spec)) {
        NagSuppressions.addResourceSuppressions(
            stack.data().bucket(spec),
            List.of(
                NagPackSuppression.builder()
                    .id("AwsSolutions-S1")
                    .reason(NO_ACCESS_LOG_REASON)
                    .build()),
            true);
      }
    }
    NagSuppressions.addResourceSuppressions(
        stack.api().api(),
        List.of(NagPackSuppression.builder().id("AwsSolutions-APIG4").reason(AUTH_REASON).build()),
        true);
    NagSuppressions.addResourceSuppressions(
        stack.data().table(dev.privacyfirst.common.topology.Tables.USER_KEYS),
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-DDB3")
                .reason(
                    "Per-user data keys must not be backed up: a backup would keep a destroyed"
                        + " key alive and undo crypto-shredding of erased accounts.")
                .build()),
        true);
    NagSuppressions.addResourceSuppressions(
        stack.data().table(dev.privacyfirst.common.topology.Tables.DAILY_SALTS),
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-DDB3")
                .reason(
                    "Daily salts of cookieless visitor ids must not be backed up: a restored salt"
                        + " would make that day's visitor ids linkable again.")
                .build()),
        true);
    if (stack.cloudFront() != null) {
      List<NagPackSuppression> edge = new java.util.ArrayList<>();
      edge.add(
          suppress("AwsSolutions-CFR3", "No access log: it would record every client's address."));
      edge.add(suppress("AwsSolutions-CFR1", "The API serves every country; no geo restriction."));
      edge.add(
          suppress(
              "AwsSolutions-CFR4",
              "The default *.cloudfront.net certificate; CloudFront fixes its TLS policy."));
      if (!stack.cloudFront().hasWebAcl()) {
        edge.add(
            suppress(
                "AwsSolutions-CFR2", "WAF is optional (context cloudFrontWaf=true, us-east-1)."));
      }
      NagSuppressions.addResourceSuppressions(stack.cloudFront().distribution(), edge, true);
      NagSuppressions.addResourceSuppressions(
          stack.cloudFront().originVerifySecret(),
          List.of(
              suppress(
                  "AwsSolutions-SMG4",
                  "The origin-verify value is copied into the distribution at deployment;"
                      + " rotating it means redeploying, which the stack does.")));
    }
    for (SecretSpec spec : AppSecrets.ALL) {
      NagSuppressions.addResourceSuppressions(
          data.appSecret(spec),
          List.of(
              NagPackSuppression.builder()
                  .id("AwsSolutions-SMG4")
                  .reason(ROTATION_REASON)
                  .build()));
    }
  }

  /** The finding cdk-nag reports for object actions on {@code pattern} keys of one bucket. */
  private static RegexAppliesTo objectRegex(DataConstruct data, BucketSpec bucket, String pattern) {
    String keys = literal(pattern);
    if (data.hasKnownName(bucket)) {
      return regex(
          "^Resource::arn:<AWS::Partition>:s3:::privacyfirst-[a-z0-9]+-"
              + literal(bucket.localName())
              + "-<AWS::AccountId>-<AWS::Region>\\/"
              + keys
              + "$");
    }
    return regex(
        "^Resource::<"
            + literal(data.getNode().getId())
            + literal(bucket.id())
            + "Bucket[0-9A-F]{8}\\.Arn>\\/"
            + keys
            + "$");
  }

  private static NagPackSuppression suppress(String id, String reason) {
    return NagPackSuppression.builder().id(id).reason(reason).build();
  }

  /** Escapes a literal for an ECMAScript regex (cdk-nag evaluates the patterns in node). */
  private static String literal(String text) {
    return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0");
  }

  private static RegexAppliesTo regex(String pattern) {
    return RegexAppliesTo.builder().regex("/" + pattern + "/g").build();
  }
}
