package dev.privacyfirst.files.domain;

import dev.privacyfirst.common.aws.DependencyFailure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an uploaded object into a deduplicated, compressed, encrypted file. Streams the object (at
 * most one batch of chunks in memory), and is safe to run again at any point: chunk records are
 * created only if absent, each file position's reference is an item created only if absent, the
 * manifest overwrites itself, and the file moves from pending only once. Each batch's manifest
 * entries are written before its references are added, so a run that dies midway (its claim held
 * until it lapses) leaves only references the file's pages list, released by whatever ends the
 * file. The idempotency record keeps two deliveries of one event from working at the same time.
 */
public final class UploadIntake {
  private static final Logger LOG = LoggerFactory.getLogger(UploadIntake.class);
  private static final Pattern KEY =
      Pattern.compile(
          Pattern.quote(dev.privacyfirst.common.topology.Buckets.INCOMING_PREFIX)
              + "(f[0-9a-f]{44})");

  /**
   * How long a run's claim keeps other deliveries of its upload away: the processor's time limit,
   * so a live run is never overtaken. A run that dies keeps it this long ({@link UploadRedrive}).
   */
  static final Duration IN_PROGRESS = Duration.ofMinutes(15);

  private static final Duration REMEMBER = Duration.ofDays(2);
  private static final int MAX_ROUNDS = 8;

  private final FileRepository files;
  private final ChunkRepository chunks;
  private final BlobStore blobs;
  private final IdempotencyStore idempotency;
  private final ChunkCrypto crypto;
  private final ChunkIds ids;
  private final FilesSettings settings;
  private final String incomingBucket;
  private final Clock clock;
  private final Workers workers;

  public UploadIntake(
      FileRepository files,
      ChunkRepository chunks,
      BlobStore blobs,
      IdempotencyStore idempotency,
      ChunkCrypto crypto,
      ChunkIds ids,
      FilesSettings settings,
      String incomingBucket,
      Clock clock,
      Workers workers) {
    this.files = files;
    this.chunks = chunks;
    this.blobs = blobs;
    this.idempotency = idempotency;
    this.crypto = crypto;
    this.ids = ids;
    this.settings = settings;
    this.incomingBucket = incomingBucket;
    this.clock = clock;
    this.workers = workers;
  }

  public ProcessingResult process(String bucket, String key) {
    if (!incomingBucket.equals(bucket)) {
      return new ProcessingResult.Ignored("not the incoming bucket");
    }
    Optional<String> uploaded = fileIdOf(key);
    if (uploaded.isEmpty()) {
      return new ProcessingResult.Ignored("key outside the upload prefix");
    }
    String fileId = uploaded.get();
    var found = files.find(fileId);
    if (found.isEmpty()) {
      return new ProcessingResult.Ignored("unknown upload");
    }
    FileRecord file = found.get();
    if (file.status() != FileStatus.PENDING) {
      blobs.deleteIncoming(key);
      return new ProcessingResult.AlreadyDone(fileId);
    }
    Instant now = clock.instant();
    String claimKey = "files-upload:" + fileId;
    switch (idempotency.claim(claimKey, now, now.plus(IN_PROGRESS))) {
      case COMPLETED -> {
        blobs.deleteIncoming(key);
        return new ProcessingResult.AlreadyDone(fileId);
      }
      case IN_PROGRESS -> throw new UploadBusy("upload " + fileId + " is being processed");
      case CLAIMED -> files.markProcessing(fileId, now);
    }
    try {
      ProcessingResult result = run(file, key);
      idempotency.complete(claimKey, clock.instant().plus(REMEMBER));
      return result;
    } catch (RuntimeException e) {
      try {
        idempotency.release(claimKey);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The file an incoming object's key names, if it is an upload's key. */
  static Optional<String> fileIdOf(String key) {
    var matcher = KEY.matcher(key == null ? "" : key);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private ProcessingResult run(FileRecord file, String key) {
    var object = blobs.openIncoming(key);
    if (object.isEmpty()) {
      return new ProcessingResult.Ignored("the uploaded object is gone");
    }
    long size = object.get().size();
    try (InputStream stream = object.get().stream()) {
      if (size > settings.maxFileBytes()) {
        return fail(
            file,
            key,
            "The file is larger than the limit of " + settings.maxFileBytes() + " bytes.");
      }
      if (size != file.declaredSize()) {
        return fail(file, key, "The uploaded size differs from the declared size.");
      }
      return chunkAndStore(file, key, stream);
    } catch (IOException e) {
      throw new DependencyFailure("reading the uploaded object failed", e);
    }
  }

  private ProcessingResult chunkAndStore(FileRecord file, String key, InputStream stream)
      throws IOException {
    ChunkPipeline pipeline = new ChunkPipeline(settings.chunker(), ids, file.accountId(), stream);
    List<ChunkRef> manifest = new ArrayList<>();
    int fresh = 0;
    try (ChunkCrypto.Sealer sealer = crypto.sealer(file.fileId())) {
      List<ChunkPipeline.IdentifiedChunk> batch;
      while (!(batch = pipeline.nextBatch(settings.batchChunks(), settings.batchBytes(), workers))
          .isEmpty()) {
        int first = manifest.size();
        for (var chunk : batch) {
          manifest.add(new ChunkRef(chunk.chunkId(), chunk.bytes().length));
        }
        // Listed before referenced: a run that dies from here on (out of memory, timed out)
        // leaves no reference its file's pages do not name, so whatever ends the file releases
        // them (FileService#finishDeletion, FileService#expireStaleUploads).
        if (!files.writeManifestWhilePending(file.fileId(), manifest, first)) {
          return withdrawn(file, key, manifest);
        }
        try {
          fresh += storeBatch(file, first, batch, sealer);
        } catch (UploadWithdrawn e) {
          return withdrawn(file, key, manifest);
        }
      }
    }
    String sha256 = pipeline.fileSha256();
    String problem = null;
    if (pipeline.bytesRead() != file.declaredSize()) {
      problem = "The uploaded size differs from the declared size.";
    } else if (file.declaredSha256() != null
        && !files.digestMatches(file.fileId(), sha256, file.declaredSha256())) {
      problem = "The uploaded content does not match the declared SHA-256.";
    }
    if (problem != null) {
      ProcessingResult failed = fail(file, key, problem);
      abandonUnlessReady(file.fileId(), manifest);
      return failed;
    }
    if (!files.markReady(
        file.fileId(), pipeline.bytesRead(), sha256, manifest.size(), clock.instant())) {
      // Failed or deleted meanwhile (by its owner, the stale-upload expiry or an erasure).
      abandonUnlessReady(file.fileId(), manifest);
    }
    blobs.deleteIncoming(key);
    LOG.info("upload ready: {} chunks, {} new", manifest.size(), fresh);
    return new ProcessingResult.Ready(file.fileId(), pipeline.bytesRead(), manifest.size(), fresh);
  }

  /** Looks a batch up, seals and stores what is new, and records the references. */
  private int storeBatch(
      FileRecord file,
      int firstIndex,
      List<ChunkPipeline.IdentifiedChunk> batch,
      ChunkCrypto.Sealer sealer) {
    Map<String, byte[]> plain = new HashMap<>();
    List<Occurrence> occurrences = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      var c = batch.get(i);
      plain.putIfAbsent(c.chunkId(), c.bytes());
      occurrences.add(new Occurrence(firstIndex + i, c.chunkId()));
    }
    Set<String> wanted = new LinkedHashSet<>(plain.keySet());
    Map<String, ChunkRecord> existing = chunks.find(wanted);
    Map<String, SealedChunk> sealed = new HashMap<>();
    // New chunks are compressed, encrypted and written to the vault on the workers.
    List<String> fresh = wanted.stream().filter(id -> !existing.containsKey(id)).toList();
    List<SealedChunk> done =
        workers.all(
            fresh.stream()
                .map(
                    id ->
                        (java.util.concurrent.Callable<SealedChunk>)
                            () -> sealAndPut(file.fileId(), id, plain.get(id), sealer))
                .toList());
    done.forEach(c -> sealed.put(c.chunkId(), c));
    int stored = done.size();
    List<Occurrence> pending = occurrences;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Set<String> conflicts;
      try {
        conflicts = chunks.addReferencesWhilePending(file.fileId(), pending, sealed, gcDue());
      } catch (UploadWithdrawn e) {
        // Those sealed for nothing: no run of this file can reference them any more.
        VaultLeftovers.discard(chunks, blobs, file.fileId(), sealed.keySet());
        throw e;
      }
      if (conflicts.isEmpty()) {
        return stored;
      }
      Map<String, ChunkRecord> now = chunks.find(conflicts);
      for (String id : conflicts) {
        ChunkRecord record = now.get(id);
        if (record != null) {
          // Someone else created it first: use theirs, drop our copy.
          if (sealed.remove(id) != null
              && !record.objectKey().equals(VaultKeys.of(file.fileId(), id))) {
            blobs.deleteChunk(VaultKeys.of(file.fileId(), id));
            stored--;
          }
        } else if (!sealed.containsKey(id)) {
          // Collected between our lookup and our reference: store it again.
          sealed.put(id, sealAndPut(file.fileId(), id, plain.get(id), sealer));
          stored++;
        }
      }
      pending = pending.stream().filter(o -> conflicts.contains(o.chunkId())).toList();
    }
    throw new DependencyFailure("chunk references kept changing; retry", null);
  }

  private SealedChunk sealAndPut(
      String fileId, String chunkId, byte[] plain, ChunkCrypto.Sealer sealer) {
    SealedChunk sealed = sealer.seal(chunkId, plain);
    blobs.putChunk(VaultKeys.of(fileId, chunkId), sealed.bytes());
    return sealed;
  }

  /**
   * Gives back the references this run added and takes away its pages, unless the file is ready: a
   * file another run made ready keeps both (they are the same reference items and the same pages).
   * A file that is failed or deleting can never become ready again, so what this run added after an
   * earlier release (by the file's end) is released here.
   */
  private void abandonUnlessReady(String fileId, List<ChunkRef> manifest) {
    if (files.find(fileId).map(f -> f.status() == FileStatus.READY).orElse(false)) {
      return;
    }
    chunks.releaseReferences(fileId, occurrences(manifest), gcDue());
    VaultLeftovers.discard(
        chunks, blobs, fileId, manifest.stream().map(ChunkRef::chunkId).toList());
    files.removeManifest(fileId, manifest.size());
  }

  /**
   * The file ended while this run worked on it (failed or deleted by its owner, the stale-upload
   * expiry or an erasure, or made ready by another run): no page or reference is added for it any
   * more; what this run added is given back unless the file is ready.
   */
  private ProcessingResult withdrawn(FileRecord file, String key, List<ChunkRef> manifest) {
    abandonUnlessReady(file.fileId(), manifest);
    blobs.deleteIncoming(key);
    if (files.find(file.fileId()).map(f -> f.status() == FileStatus.READY).orElse(false)) {
      return new ProcessingResult.AlreadyDone(file.fileId());
    }
    return new ProcessingResult.Ignored("the upload ended while it was processed");
  }

  private ProcessingResult fail(FileRecord file, String key, String reason) {
    files.markFailed(file.fileId(), reason, clock.instant());
    blobs.deleteIncoming(key);
    return new ProcessingResult.Failed(file.fileId(), reason);
  }

  private Instant gcDue() {
    return clock.instant().plus(settings.gcGrace());
  }

  static List<Occurrence> occurrences(List<ChunkRef> manifest) {
    List<Occurrence> out = new ArrayList<>(manifest.size());
    for (int i = 0; i < manifest.size(); i++) {
      out.add(new Occurrence(i, manifest.get(i).chunkId()));
    }
    return out;
  }
}
