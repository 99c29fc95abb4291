package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.files.domain.UploadRedrive;
import dev.privacyfirst.rights.adapter.AsyncInvocation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Hands an incoming object to the upload processor again: an asynchronous invocation (queued, and
 * retried twice by Lambda, as S3's own) of an event in the shape of S3's notification, one object
 * per event as S3 sends it. Its event source and name say it is a redrive, not S3's.
 */
public final class LambdaUploadResend implements UploadRedrive.Resend {
  static final String EVENT_SOURCE = "privacyfirst:upload-redrive";
  static final String EVENT_NAME = "ObjectCreated:Redrive";

  private final AsyncInvocation processor;
  private final String bucket;

  private LambdaUploadResend(AsyncInvocation processor, String bucket) {
    this.processor = processor;
    this.bucket = bucket;
  }

  /** On the container's Lambda client, made on the first resend (most runs resend nothing). */
  public static LambdaUploadResend fromConfig(AwsClients aws) {
    return new LambdaUploadResend(
        AsyncInvocation.of(aws, Functions.UPLOAD_PROCESSOR),
        Buckets.name(aws.config(), Buckets.INCOMING));
  }

  @Override
  public void resend(String key) {
    processor.queue(event(bucket, key), "the upload could not be handed to the processor");
  }

  /** S3's notification shape: keys URL-encoded (spaces as '+', slashes kept), as S3 writes them. */
  static String event(String bucket, String key) {
    Map<String, Object> s3 =
        Map.of(
            "bucket",
            Map.of("name", bucket),
            "object",
            Map.of("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/")));
    Map<String, Object> record =
        Map.of("eventSource", EVENT_SOURCE, "eventName", EVENT_NAME, "s3", s3);
    return JsonStreams.write(Map.of("Records", List.of(record)));
  }
}
