package dev.privacyfirst.files.rights;

import dev.privacyfirst.files.domain.AccessAudit;
import dev.privacyfirst.files.domain.ChunkCollector;
import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.rights.domain.CapabilityRights;
import java.util.List;

/** The files capability's side of the subject-rights contract, over its own tables and buckets. */
public final class FilesRights {
  private FilesRights() {}

  public static CapabilityRights of(
      FileService files, ChunkCollector collector, AccessAudit audit) {
    return new CapabilityRights(
        "files",
        List.of(new FilesErasureStep(files)),
        List.of(new ChunkGcExpiryStep(collector), new StaleUploadsExpiryStep(files)),
        List.of(new FilesExport(files), new FileAccessExport(audit), new StorageUsageExport(files)),
        List.of(),
        List.of(new AccessAuditHoldStep(audit)));
  }
}
