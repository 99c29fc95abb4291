package dev.privacyfirst.files.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Download copies: each file's current copy, and a sweep marker per copy ever begun (port). */
public interface DownloadRepository {
  Optional<DownloadState> current(String fileId);

  /**
   * Makes {@code next} the file's current copy and records its marker, both or neither, if the file
   * has no current copy, or its current copy is no longer reusable (ready or failed, {@code
   * reusableUntil} before {@code now}), or is stuck (preparing, started before {@code
   * stuckBefore}). False if another request holds a live copy.
   */
  boolean claim(DownloadState next, DownloadCopy marker, Instant now, Instant stuckBefore);

  /** Adds a multipart upload that writes the copy to its marker, so the sweep can abort it. */
  void recordUpload(String fileId, String copyId, String uploadId);

  /** preparing → ready if {@code copyId} is still the current copy; false otherwise. */
  boolean markReady(String fileId, String copyId, Instant reusableUntil);

  /** preparing → failed if {@code copyId} is still the current copy; false otherwise. */
  boolean markFailed(String fileId, String copyId, Instant retryAfter);

  /** Drops the current-copy pointer if it is still {@code copyId}. */
  void forget(String fileId, String copyId);

  /** Drops the current-copy pointer whatever it is (the file is being deleted). */
  void forgetCurrent(String fileId);

  /** Markers of every copy of the file not yet swept. */
  List<DownloadCopy> copiesOf(String fileId);

  /** Markers due for removal at {@code now}, oldest first, at most {@code limit}, by index. */
  List<DownloadCopy> due(Instant now, int limit);

  /** Moves a marker's removal to {@code when} (the file was deleted: the next sweep re-checks). */
  void reschedule(DownloadCopy copy, Instant when);

  /** Removes a marker once its copy, finished or not, is gone. */
  void removeMarker(String fileId, String copyId);
}
