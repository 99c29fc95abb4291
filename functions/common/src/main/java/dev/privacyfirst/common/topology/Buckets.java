package dev.privacyfirst.common.topology;

import dev.privacyfirst.common.config.Config;
import java.util.List;

/** Every bucket of the system: one definition for the CDK stack and the local cloud. */
public final class Buckets {
  private Buckets() {}

  /** Presigned uploads land here under server-generated keys; leftovers expire after a day. */
  public static final BucketSpec INCOMING =
      new BucketSpec("Incoming", "INCOMING_BUCKET", "incoming", false, 1, 0);

  /** Key prefix of uploads in the incoming bucket; notifications outside it are refused. */
  public static final String INCOMING_PREFIX = "uploads/";

  /**
   * Sealed (compressed, encrypted) chunks. Versioned; noncurrent versions expire after 7 days, so a
   * deleted chunk's ciphertext is gone from S3 a week after GC, and unreadable from the moment its
   * data key is destroyed.
   */
  public static final BucketSpec VAULT =
      new BucketSpec("Vault", "VAULT_BUCKET", "vault", true, 0, 7);

  /** Materialised downloads, served by short-lived presigned links. */
  public static final BucketSpec EXPORTS =
      new BucketSpec("Exports", "EXPORTS_BUCKET", "exports", false, 1, 0);

  /**
   * Key prefix of download requests in the exports bucket: an empty object created here asks the
   * download materialiser (S3 ObjectCreated notification) to prepare a plaintext copy.
   */
  public static final String EXPORT_REQUESTS_PREFIX = "requests/";

  /** Key prefix of materialised downloads in the exports bucket (swept within the hour). */
  public static final String DOWNLOADS_PREFIX = "downloads/";

  /**
   * Account export archives, written by the subject-rights jobs function and read through a
   * short-lived presigned link; expired after a day.
   */
  public static final BucketSpec EXPORT_ARCHIVES =
      new BucketSpec("ExportArchives", "EXPORT_ARCHIVES_BUCKET", "export-archives", false, 1, 0);

  public static final List<BucketSpec> ALL = List.of(INCOMING, VAULT, EXPORTS, EXPORT_ARCHIVES);

  public static String name(Config config, BucketSpec bucket) {
    return config.get(bucket.envVar(), bucket.localName());
  }
}
