package dev.privacyfirst.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JSON documents AWS services hand to Lambda, built as the services build them: S3's
 * ObjectCreated notification (event version 2.1) and EventBridge's "Scheduled Event".
 */
final class LambdaEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private LambdaEvents() {}

  /**
   * One S3 ObjectCreated:Put notification with one record, the key URL-encoded as S3 encodes it
   * (form encoding: a space becomes '+', '/' stays).
   */
  static String s3ObjectCreated(
      String region,
      String bucket,
      String key,
      long size,
      String eTag,
      Instant eventTime,
      String configurationId) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode record = root.putArray("Records").addObject();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", region);
    record.put("eventTime", eventTime.truncatedTo(ChronoUnit.MILLIS).toString());
    record.put("eventName", "ObjectCreated:Put");
    record.putObject("userIdentity").put("principalId", "AWS:LOCAL");
    record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
    ObjectNode response = record.putObject("responseElements");
    response.put("x-amz-request-id", randomHex(8).toUpperCase(Locale.ROOT));
    response.put("x-amz-id-2", randomHex(32));
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", configurationId);
    ObjectNode bucketNode = s3.putObject("bucket");
    bucketNode.put("name", bucket);
    bucketNode.putObject("ownerIdentity").put("principalId", "LOCAL");
    bucketNode.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode object = s3.putObject("object");
    object.put("key", encodeKey(key));
    object.put("size", size);
    object.put("eTag", unquote(eTag));
    object.put("sequencer", sequencer(eventTime));
    return root.toString();
  }

  /** An EventBridge scheduled event for the rule of one function. */
  static String scheduled(String region, String ruleName, Instant time) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "0");
    root.put("id", UUID.randomUUID().toString());
    root.put("detail-type", "Scheduled Event");
    root.put("source", "aws.events");
    root.put("account", LocalContext.ACCOUNT_ID);
    root.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
    root.put("region", region);
    root.putArray("resources")
        .add("arn:aws:events:" + region + ":" + LocalContext.ACCOUNT_ID + ":rule/" + ruleName);
    root.putObject("detail");
    return root.toString();
  }

  /**
   * SNS's delivery of an SES receipt notification (the receipt rule's SNS action, base64 encoding):
   * the raw RFC 5322 message in {@code content}, the envelope recipients in {@code
   * receipt.recipients}. Verdicts are PASS: the local cloud does not scan mail.
   */
  static String sesReceived(
      String region,
      String topicName,
      byte[] raw,
      java.util.List<String> recipients,
      Instant time) {
    String topicArn = "arn:aws:sns:" + region + ":" + LocalContext.ACCOUNT_ID + ":" + topicName;
    ObjectNode notification = JSON.createObjectNode().put("notificationType", "Received");
    ObjectNode mail = notification.putObject("mail");
    mail.put("timestamp", time.truncatedTo(ChronoUnit.MILLIS).toString());
    mail.put("messageId", randomHex(16));
    recipients.forEach(r -> mail.withArray("destination").add(r));
    ObjectNode receipt = notification.putObject("receipt");
    receipt.put("timestamp", time.truncatedTo(ChronoUnit.MILLIS).toString());
    receipt.putArray("recipients");
    recipients.forEach(r -> receipt.withArray("recipients").add(r));
    for (String verdict :
        new String[] {"spamVerdict", "virusVerdict", "spfVerdict", "dkimVerdict", "dmarcVerdict"}) {
      receipt.putObject(verdict).put("status", "PASS");
    }
    receipt
        .putObject("action")
        .put("type", "SNS")
        .put("topicArn", topicArn)
        .put("encoding", "BASE64");
    notification.put("content", java.util.Base64.getEncoder().encodeToString(raw));

    ObjectNode root = JSON.createObjectNode();
    ObjectNode record = root.putArray("Records").addObject();
    record.put("EventSource", "aws:sns");
    record.put("EventVersion", "1.0");
    record.put("EventSubscriptionArn", topicArn + ":" + UUID.randomUUID());
    ObjectNode sns = record.putObject("Sns");
    sns.put("Type", "Notification");
    sns.put("MessageId", UUID.randomUUID().toString());
    sns.put("TopicArn", topicArn);
    sns.put("Subject", "Amazon SES Email Receipt Notification");
    sns.put("Message", notification.toString());
    sns.put("Timestamp", time.truncatedTo(ChronoUnit.MILLIS).toString());
    sns.put("SignatureVersion", "1");
    sns.put("Signature", "LOCAL");
    sns.put("SigningCertUrl", "https://sns.local/SimpleNotificationService-local.pem");
    sns.put("UnsubscribeUrl", "https://sns.local/?Action=Unsubscribe");
    sns.putObject("MessageAttributes");
    return root.toString();
  }

  static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }

  static String unquote(String eTag) {
    if (eTag == null) {
      return "";
    }
    String trimmed = eTag.trim();
    if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
      return trimmed.substring(1, trimmed.length() - 1);
    }
    return trimmed;
  }

  /** Increasing per bucket, as S3's sequencer: ordering only, never parsed. */
  private static String sequencer(Instant time) {
    return String.format(
        Locale.ROOT, "%012X%06X", time.toEpochMilli(), SEQUENCE.incrementAndGet() & 0xFFFFFF);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
