package dev.privacyfirst.files.domain;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The incoming, vault and exports buckets (port). */
public interface BlobStore {
  /** A presigned request the client sends the file with, bound to the declared size. */
  record PresignedUpload(String method, URI url, Map<String, String> headers, Instant expiresAt) {}

  /** An uploaded object, streamed. */
  record IncomingObject(long size, InputStream stream) {}

  PresignedUpload presignUpload(String key, long size, Duration validity);

  Optional<IncomingObject> openIncoming(String key);

  void deleteIncoming(String key);

  /** An incoming object under the upload prefix and when it arrived (S3's last-modified time). */
  record Arrival(String key, Instant at) {}

  /**
   * Whether the incoming bucket holds this key. A listing, not a read: the purge, which asks, may
   * list and delete incoming objects but never read one.
   */
  boolean incomingHolds(String key);

  /**
   * Incoming objects under the upload prefix that arrived before {@code cutoff}, in key order after
   * {@code startAfter} (null: from the first), at most {@code limit} (at least one); {@code more}
   * when the listing stopped at the limit (the next listing starts after the last key).
   */
  record IncomingListing(List<Arrival> objects, boolean more) {}

  IncomingListing incomingArrivedBefore(Instant cutoff, String startAfter, int limit);

  void putChunk(String key, byte[] sealed);

  Optional<byte[]> getChunk(String key);

  void deleteChunk(String key);

  /** A streamed export object that becomes visible only on {@link ExportWriter#commit()}. */
  interface ExportWriter extends AutoCloseable {
    OutputStream stream();

    void commit();

    /** Discards the object unless committed. */
    @Override
    void close();
  }

  ExportWriter openExport(String key, String contentType);

  /**
   * An export written in numbered parts from several threads; nothing is readable before {@link
   * #commit}.
   */
  interface ExportParts extends AutoCloseable {
    String uploadId();

    /** Uploads part {@code number} (from 1; all but the last at least 5 MiB); thread-safe. */
    String put(int number, byte[] bytes);

    /** Completes the object from the parts' tags, in part order. */
    void commit(List<String> partTags);

    /** Aborts the upload unless committed. */
    @Override
    void close();
  }

  ExportParts openExportParts(String key, String contentType);

  /**
   * Removes an export object and, when {@code uploadId} is given, aborts that multipart upload (its
   * parts are plaintext too); idempotent.
   */
  void discardExport(String key, String uploadId);

  /** Writes the empty object whose creation asks the materialiser to prepare a copy. */
  void requestExport(String requestKey);

  /**
   * A link to an export that downloads as an attachment named {@code fileName} with a content type
   * no browser renders on the storage origin (see {@link ContentDisposition}).
   */
  URI presignExport(String key, Duration validity, String fileName, String contentType);
}
