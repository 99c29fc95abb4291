package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A person's restrictions, stored once per person and read by every capability at write time, so
 * that they hold in projects, categories and capabilities created after the restriction was made.
 *
 * <p>An account's restrictions are stored under its analytics pseudonym: event ingestion sees only
 * the pseudonym, the email and accounts capabilities know the account id and derive it. Each
 * restriction keeps the sources that set it (the person, a pending deletion), so lifting one source
 * does not lift another's.
 */
public final class Restrictions {
  /** The person set it (consents, preference center). */
  public static final String BY_PERSON = "person";

  /** An account deletion request is open (no promotional mail, no tracking while it is pending). */
  public static final String BY_DELETION_REQUEST = "deletion-request";

  private final RestrictionStore store;
  private final AnalyticsPseudonyms pseudonyms;

  public Restrictions(RestrictionStore store, AnalyticsPseudonyms pseudonyms) {
    this.store = store;
    this.pseudonyms = pseudonyms;
  }

  public Set<Restriction> ofAccount(String accountId) {
    return active(store.restrictions(key(pseudonyms.of(accountId))));
  }

  /** Restrictions of an analytics distinct_id of the service's own (first-party) projects. */
  public Set<Restriction> ofAnalyticsId(String distinctId) {
    return active(store.restrictions(key(distinctId)));
  }

  /** Whether any source set this restriction for the account. */
  public boolean isRestricted(String accountId, Restriction restriction) {
    return ofAccount(accountId).contains(restriction);
  }

  /** Which sources set which restriction (for the export and the account view). */
  public Map<Restriction, Set<String>> sourcesForAccount(String accountId) {
    return store.restrictions(key(pseudonyms.of(accountId)));
  }

  public void setForAccount(
      String accountId, Restriction restriction, String source, boolean on, Instant at) {
    store.set(key(pseudonyms.of(accountId)), restriction, source, on, at);
  }

  /** Forgets the account's restrictions (the last part of its erasure). */
  public void eraseAccount(String accountId) {
    store.erase(key(pseudonyms.of(accountId)));
  }

  public String pseudonymOf(String accountId) {
    return pseudonyms.of(accountId);
  }

  private static String key(String analyticsId) {
    return "PSEUDONYM#" + analyticsId;
  }

  private static Set<Restriction> active(Map<Restriction, Set<String>> sources) {
    Set<Restriction> set = EnumSet.noneOf(Restriction.class);
    sources.forEach(
        (restriction, by) -> {
          if (!by.isEmpty()) {
            set.add(restriction);
          }
        });
    return set;
  }
}
