package dev.privacyfirst.files.rights;

import dev.privacyfirst.files.domain.FileRecord;
import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.files.domain.Page;
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
 * The account's files for its export: every file's metadata, paged to the end, with the path that
 * downloads its content (the content itself is downloaded by the person, not copied into the
 * export).
 */
public final class FilesExport implements ExportSource {
  private static final int PAGE = 200;
  private final FileService files;

  public FilesExport(FileService files) {
    this.files = files;
  }

  @Override
  public String name() {
    return "files";
  }

  @Override
  public ExportSection read(Subject subject) {
    if (subject.kind() != SubjectKind.ACCOUNT) {
      return ExportSection.of(List.of());
    }
    List<Map<String, Object>> list = new ArrayList<>();
    String cursor = null;
    do {
      Page<FileRecord> page = files.list(subject.id(), cursor, PAGE);
      page.items().forEach(file -> list.add(describe(file)));
      cursor = page.cursor();
    } while (cursor != null);
    return ExportSection.of(list);
  }

  private static Map<String, Object> describe(FileRecord file) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", file.fileId());
    item.put("name", file.name());
    item.put("contentType", file.contentType());
    item.put("status", file.status().name().toLowerCase(Locale.ROOT));
    item.put("size", file.size());
    item.put("sha256", file.sha256());
    item.put("createdAt", file.createdAt());
    item.put("updatedAt", file.updatedAt());
    item.put("downloadPath", "/v1/files/" + file.fileId() + "/content");
    return item;
  }
}
