package dev.privacyfirst.email.rights;

import dev.privacyfirst.email.domain.PreferenceStore;
import dev.privacyfirst.email.domain.Preferences;
import dev.privacyfirst.rights.domain.ExportSection;
import dev.privacyfirst.rights.domain.ExportSource;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.util.LinkedHashMap;
import java.util.Map;

/** The account's email choices for its export, as the preference center shows them. */
public final class EmailPreferencesExport implements ExportSource {
  private final PreferenceStore preferences;

  public EmailPreferencesExport(PreferenceStore preferences) {
    this.preferences = preferences;
  }

  @Override
  public String name() {
    return "emailPreferences";
  }

  @Override
  public ExportSection read(Subject subject) {
    if (subject.kind() != SubjectKind.ACCOUNT) {
      return ExportSection.of(Map.of());
    }
    Preferences current = preferences.get("a:" + subject.id());
    Map<String, Object> prefs = new LinkedHashMap<>();
    prefs.put("refusedCategories", new java.util.TreeSet<>(current.refused()));
    prefs.put("allPromotionalRefused", current.allPromotionalRefused());
    prefs.put("trackingRefused", current.trackingRefused());
    prefs.put("updatedAt", current.updatedAt());
    return ExportSection.of(prefs);
  }
}
