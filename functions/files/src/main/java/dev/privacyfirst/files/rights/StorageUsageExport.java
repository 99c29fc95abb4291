package dev.privacyfirst.files.rights;

import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.rights.domain.ExportSection;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account's storage usage for its export: the bytes its files take and the uploads it has begun
 * and not finished, as the service counts them against its quota, with that quota. It is kept about
 * the person (one item per account, erased with it), so the right of access covers it.
 */
public final class StorageUsageExport implements ExportSource {
  private final FileService files;

  public StorageUsageExport(FileService files) {
    this.files = files;
  }

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public ExportSection read(Subject subject) {
    if (subject.kind() != SubjectKind.ACCOUNT) {
      return ExportSection.of(Map.of());
    }
    FileService.StorageUsage storage = files.storageUsage(subject.id());
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("bytesStored", storage.usage().bytes());
    section.put("pendingUploads", storage.usage().pendingUploads());
    section.put("quotaBytes", storage.quota().maxBytes());
    section.put("quotaPendingUploads", storage.quota().maxPendingUploads());
    return ExportSection.of(section);
  }
}
