package dev.privacyfirst.rights.domain;

import dev.privacyfirst.common.crypto.VersionedHash;

/**
 * An account's one identity in analytics: a keyed pseudonym of the account id, never the account id
 * itself, so nobody can write into a person's export by knowing an id. Everything that records
 * analytics about an account (the service's own first-party projects, email opens) uses it, and
 * export, erasure and restrictions find the person's analytics data by it.
 *
 * <p>The key is versioned but rotates only with a re-key pass: a new version changes every stored
 * distinct_id of every account, so the stored events, profiles and restrictions would have to be
 * rewritten first (PRIVACY.md, "Application keys"). Until then pseudonyms use the current version.
 */
public final class AnalyticsPseudonyms {
  /** The secret the pseudonyms are keyed with. */
  public static final String SECRET_NAME =
      dev.privacyfirst.common.topology.AppSecrets.ANALYTICS_PSEUDONYM.name();

  private static final String PREFIX = "u-";
  private final VersionedHash hash;

  public AnalyticsPseudonyms(VersionedHash hash) {
    this.hash = hash;
  }

  /** The account's distinct_id in analytics. */
  public String of(String accountId) {
    if (accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("an account id is required");
    }
    return PREFIX + hash.current().hex("account:" + accountId).substring(0, 40);
  }

  /** Whether a distinct_id has the shape of an account pseudonym (no lookup; shape only). */
  public static boolean looksLikePseudonym(String distinctId) {
    return distinctId != null
        && distinctId.length() == PREFIX.length() + 40
        && distinctId.startsWith(PREFIX);
  }
}
