package dev.privacyfirst.rights.domain;

import dev.privacyfirst.common.crypto.KeyedHash;

/**
 * An account's one identity in analytics: a keyed pseudonym of the account id, never the account id
 * itself, so nobody can write into a person's export by knowing an id. Everything that records
 * analytics about an account (the service's own first-party projects, email opens) uses it, and
 * export, erasure and restrictions find the person's analytics data by it.
 *
 * <p>The key is not rotated: rotating it would change every stored distinct_id of every account. A
 * rotation would need a pass that re-keys the stored events (PRIVACY.md says so).
 */
public final class AnalyticsPseudonyms {
  /** The secret the pseudonyms are keyed with. */
  public static final String SECRET_NAME = "analytics-pseudonym";

  private static final String PREFIX = "u-";
  private final KeyedHash hash;

  public AnalyticsPseudonyms(KeyedHash hash) {
    this.hash = hash;
  }

  /** The account's distinct_id in analytics. */
  public String of(String accountId) {
    if (accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("an account id is required");
    }
    return PREFIX + hash.hex("account:" + accountId).substring(0, 40);
  }

  /** Whether a distinct_id has the shape of an account pseudonym (no lookup; shape only). */
  public static boolean looksLikePseudonym(String distinctId) {
    return distinctId != null
        && distinctId.length() == PREFIX.length() + 40
        && distinctId.startsWith(PREFIX);
  }
}
