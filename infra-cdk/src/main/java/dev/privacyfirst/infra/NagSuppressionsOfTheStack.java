package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Buckets;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
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
          + " permissions, so AWS requires Resource '*' for them.";

  static final String INDEX_REASON =
      "Queries on a table's own global secondary indexes (tableArn/index/*); the table itself is"
          + " named, and only item-level actions are granted.";

  static final String OBJECT_REASON =
      "Object-level actions on the keys of one named bucket (bucketArn/* or the uploads/ prefix)"
          + " with an explicit action list, never s3:*; object keys are generated at run time.";

  static final String AUTH_REASON =
      "Authentication is in the functions and route-specific: bearer session tokens (accounts,"
          + " files, event privacy requests, email preferences), HMAC-signed one-click links"
          + " (RFC 8058 unsubscribe, preference center) and Mixpanel project tokens (ingestion);"
          + " account creation and sign-in are public by nature. No JWT/IAM authorizer fits.";

  static final String ROTATION_REASON =
      "The secret holds the root of the HMAC keys that sign sessions and emailed one-click links;"
          + " rotating it invalidates every session and every unsubscribe link already sent, so it"
          + " is rotated by an operator runbook with a key-version overlap, not on a timer.";

  static final String NO_ACCESS_LOG_REASON =
      "Browsers reach this bucket directly through presigned requests, and S3 server access logs"
          + " always record the client's IP address and User-Agent next to the object key (account"
          + " and file ids), which the privacy policy promises not to store. The functions keep an"
          + " application audit log of every presigned upload and download link instead, without"
          + " addresses; the vault, which only the functions reach, keeps its access log.";

  static void apply(PrivacyFirstStack stack) {
    String dataPath = literal(stack.data().getNode().getId());
    List<Object> wildcards =
        List.of(
            "Resource::*",
            regex("^Resource::<" + dataPath + "[A-Za-z]+[0-9A-F]{8}\\.Arn>/index/\\*$"),
            regex("^Resource::<" + dataPath + "[A-Za-z]+Bucket[0-9A-F]{8}\\.Arn>/\\*$"),
            regex(
                "^Resource::arn:<AWS::Partition>:s3:::privacyfirst-[a-z0-9]+-incoming-"
                    + "<AWS::AccountId>-<AWS::Region>/("
                    + literal(Buckets.INCOMING_PREFIX)
                    + ")?\\*$"),
            // The exports bucket has a known name too (its notification targets the
            // materialiser): the accounts' exports/ prefix or the whole bucket.
            regex(
                "^Resource::arn:<AWS::Partition>:s3:::privacyfirst-[a-z0-9]+-exports-"
                    + "<AWS::AccountId>-<AWS::Region>/(exports\\/)?\\*$"));
    for (DeployedFunction fn : stack.functions().values()) {
      NagSuppressions.addResourceSuppressions(
          Objects.requireNonNull(fn.function().getRole()),
          List.of(
              NagPackSuppression.builder()
                  .id("AwsSolutions-IAM5")
                  .reason(XRAY_REASON + " " + INDEX_REASON + " " + OBJECT_REASON)
                  .appliesTo(wildcards)
                  .build()),
          true);
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
    NagSuppressions.addResourceSuppressions(
        stack.data().appKeys(),
        List.of(
            NagPackSuppression.builder().id("AwsSolutions-SMG4").reason(ROTATION_REASON).build()));
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
