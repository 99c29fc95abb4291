package dev.privacyfirst.rights.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the subject-rights store holds about an account, for its export: its deletion requests, a
 * legal hold on it (with the reason, as far as the law allows telling), and its restrictions with
 * who set them.
 */
public final class RightsExport implements ExportSource {
  private final DeletionRequestStore requests;
  private final Holds holds;
  private final Restrictions restrictions;

  public RightsExport(DeletionRequestStore requests, Holds holds, Restrictions restrictions) {
    this.requests = requests;
    this.holds = holds;
    this.restrictions = restrictions;
  }

  @Override
  public String name() {
    return "privacyRequests";
  }

  @Override
  public ExportSection read(Subject subject) {
    List<Map<String, Object>> list =
        requests.forSubject(subject).stream()
            .map(
                r -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("requestId", r.requestId());
                  m.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
                  m.put("status", r.status().wire());
                  m.put("createdAt", r.createdAt());
                  m.put("dueAt", r.dueAt());
                  m.put("deadline", r.deadline());
                  m.put("completedAt", r.completedAt());
                  return m;
                })
            .toList();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("deletionRequests", list);
    data.put(
        "legalHold",
        holds
            .holdOn(subject)
            .map(h -> Map.<String, Object>of("since", h.placedAt(), "reason", h.reason()))
            .orElse(null));
    if (subject.kind() == SubjectKind.ACCOUNT) {
      Map<String, Object> restricted = new TreeMap<>();
      restrictions
          .sourcesForAccount(subject.id())
          .forEach((r, by) -> restricted.put(r.name().toLowerCase(Locale.ROOT), List.copyOf(by)));
      data.put("restrictions", restricted);
      data.put("analyticsPseudonym", restrictions.pseudonymOf(subject.id()));
    }
    return ExportSection.of(data);
  }
}
