package dev.privacyfirst.files.rights;

import dev.privacyfirst.files.domain.AccessAudit;
import dev.privacyfirst.rights.domain.ExportSection;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The account's access audit for its export: which of its files it was handed an upload request or
 * a download link for, and when. It is data about the person's activity, kept 90 days, so the right
 * of access covers it as it covers the files themselves.
 */
public final class FileAccessExport implements ExportSource {
  private final AccessAudit audit;

  public FileAccessExport(AccessAudit audit) {
    this.audit = audit;
  }

  @Override
  public String name() {
    return "fileAccess";
  }

  @Override
  public ExportSection read(Subject subject) {
    if (subject.kind() != SubjectKind.ACCOUNT) {
      return ExportSection.of(List.of());
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    for (AccessAudit.Entry entry : audit.of(subject.id())) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("fileId", entry.fileId());
      item.put("action", entry.action().name().toLowerCase(Locale.ROOT));
      item.put("at", entry.at());
      entries.add(item);
    }
    return ExportSection.of(entries);
  }
}
