package dev.privacyfirst.rights.domain;

/**
 * The names of the erasure steps, in the order they run for an account. Names are the keys of the
 * saved cursors and of the counts in receipts, so they never change.
 *
 * <ol>
 *   <li>{@link #USER_KEY}: crypto-shred first ({@link UserKeyErasureStep})
 *   <li>{@link #SESSIONS}: revoke sessions ({@code SessionsErasureStep}, accounts)
 *   <li>{@link #RATE_LIMITS}: forget the account's rate-limit buckets ({@code
 *       RateLimitsErasureStep}, accounts)
 *   <li>{@link #FILES}: files, manifests and chunk references (files module's adapter; plugged in
 *       through {@link RetentionWiring})
 *   <li>{@link #EVENTS}: events and people profiles of the user's distinct ids (events module's
 *       store)
 *   <li>{@link #EVENTS_PROJECT}: a terminated customer's whole analytics project (project subjects
 *       only; events module's project erasure)
 *   <li>{@link #EMAIL}: email preferences, leaving a keyed-hash suppression marker (email module)
 *   <li>{@link #ACCOUNT_ITEMS}: account, profile, consents, email lookup ({@link
 *       AccountItemsErasureStep})
 *   <li>{@link #USER_KEY_FINAL}: the key again, in case something sealed a new one meanwhile
 * </ol>
 */
public final class ErasureSteps {
  private ErasureSteps() {}

  public static final String USER_KEY = "user-key";
  public static final String SESSIONS = "sessions";
  public static final String RATE_LIMITS = "rate-limits";
  public static final String FILES = "files";
  public static final String EVENTS = "events";
  public static final String EVENTS_PROJECT = "events-project";
  public static final String EMAIL = "email-preferences";
  public static final String ACCOUNT_ITEMS = "account-items";
  public static final String USER_KEY_FINAL = "user-key-final";
}
