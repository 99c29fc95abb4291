package dev.privacyfirst.rights.domain;

import dev.privacyfirst.common.crypto.VersionedHash;

/**
 * An account's one identity in analytics: a keyed pseudonym of the account id, never the account id
 * itself, so nobody can write into a person's export by knowing an id. Everything that records
 * analytics about an account (the service's own first-party projects, email opens) uses it, and
 * export, erasure and restrictions find the person's analytics data by it.
 *
 * <p>The key is versioned, but a pseudonym is never re-keyed, so every pseudonym is made under one
 * pinned version, {@link #VERSION}, whatever version is current: the pseudonym is the distinct_id
 * stored in the events capability (the partition key of every event, the profile, opt-outs), in
 * legal holds and in restrictions, and a new pseudonym would mean moving all of that, which the
 * events store does not offer. Adding a version to the key (a rotation attempt) therefore changes
 * no pseudonym; retiring the pinned version makes pseudonyms fail loudly rather than silently
 * become new identities that no export, erasure or restriction would find.
 */
public final class AnalyticsPseudonyms {
  /** The secret the pseudonyms are keyed with. */
  public static final String SECRET_NAME =
      dev.privacyfirst.common.topology.AppSecrets.ANALYTICS_PSEUDONYM.name();

  /** The key version every pseudonym is made under (see the class comment). */
  public static final int VERSION = 1;

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
    return PREFIX
        + hash.version(VERSION)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "analytics-pseudonym v"
                            + VERSION
                            + " is not readable: pseudonyms are pinned to it and never re-keyed"))
            .hex("account:" + accountId)
            .substring(0, 40);
  }

  /** Whether a distinct_id has the shape of an account pseudonym (no lookup; shape only). */
  public static boolean looksLikePseudonym(String distinctId) {
    return distinctId != null
        && distinctId.length() == PREFIX.length() + 40
        && distinctId.startsWith(PREFIX);
  }
}
