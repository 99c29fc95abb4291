package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Restrictions, stored once per subject key (port; the rights table in production). */
public interface RestrictionStore {
  /** Each restriction of the subject key with the sources that set it (empty when none). */
  Map<Restriction, Set<String>> restrictions(String subjectKey);

  /** Sets or clears one restriction from one source ("person", "deletion-request", ...). */
  void set(String subjectKey, Restriction restriction, String source, boolean on, Instant at);

  /** Removes everything stored about the subject key; idempotent. */
  void erase(String subjectKey);
}
