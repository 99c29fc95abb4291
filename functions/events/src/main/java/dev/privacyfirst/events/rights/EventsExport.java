package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.PrivacyService;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.rights.domain.AnalyticsPseudonyms;
import dev.privacyfirst.rights.domain.ExportSection;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's analytics data for its export: every event, profile property and preference of its
 * pseudonym in each first-party project (email opens included), paged to the end, and the pseudonym
 * itself, so the person can recognise it.
 */
public final class EventsExport implements ExportSource {
  private static final int PAGE = 500;
  private final ProjectService projects;
  private final PrivacyService privacy;
  private final AnalyticsPseudonyms pseudonyms;

  public EventsExport(
      ProjectService projects, PrivacyService privacy, AnalyticsPseudonyms pseudonyms) {
    this.projects = projects;
    this.privacy = privacy;
    this.pseudonyms = pseudonyms;
  }

  @Override
  public String name() {
    return "events";
  }

  @Override
  public ExportSection read(Subject subject) {
    if (subject.kind() != SubjectKind.ACCOUNT) {
      return ExportSection.of(Map.of());
    }
    String distinctId = pseudonyms.of(subject.id());
    List<Map<String, Object>> sections = new ArrayList<>();
    for (Project project : projects.list()) {
      if (!project.firstParty()) {
        continue;
      }
      List<Map<String, Object>> events = new ArrayList<>();
      Map<String, Object> profile = new LinkedHashMap<>();
      Object preferences = null;
      String cursor = null;
      do {
        ExportPage page = privacy.export(project, distinctId, cursor, PAGE);
        for (ExportPage.ExportedEvent event : page.events()) {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("event", event.event());
          item.put("timeMs", event.timeMs());
          item.put("properties", event.properties());
          events.add(item);
        }
        profile.putAll(page.profile());
        preferences = page.preferences();
        cursor = page.nextCursor();
      } while (cursor != null);
      if (!events.isEmpty() || !profile.isEmpty()) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("projectId", project.id());
        section.put("projectName", project.name());
        section.put("events", events);
        section.put("profile", profile);
        section.put("preferences", preferences);
        sections.add(section);
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("distinctId", distinctId);
    data.put("projects", sections);
    return ExportSection.of(data);
  }
}
