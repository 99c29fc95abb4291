package dev.privacyfirst.common.topology;

import java.util.Map;
import java.util.Optional;

/**
 * Who owns each table and bucket: the one Maven module whose code reads and writes it. Every other
 * module reaches that data through the owner's ports (the subject-rights contract, the session
 * store, the personal-data vault), never through its key layout. The architecture tests fail the
 * build when a module names a table or bucket it does not own, and when a table or bucket has no
 * owner here.
 */
public final class Ownership {
  private Ownership() {}

  /**
   * The shared code: sessions, per-user keys and rate limits, reached through its ports by
   * everyone.
   */
  public static final String COMMON = "common";

  /** The subject-rights contract: requests, holds, restrictions, the account directory. */
  public static final String RIGHTS = "rights";

  private static final Map<TableSpec, String> TABLES =
      Map.ofEntries(
          Map.entry(Tables.ACCOUNTS, "accounts"),
          Map.entry(Tables.USER_KEYS, COMMON),
          Map.entry(Tables.SESSIONS, COMMON),
          Map.entry(Tables.FILES, "files"),
          Map.entry(Tables.CHUNKS, "files"),
          Map.entry(Tables.IDEMPOTENCY, "files"),
          Map.entry(Tables.EVENTS, "events"),
          Map.entry(Tables.DAILY_SALTS, "events"),
          Map.entry(Tables.EMAIL, "email"),
          Map.entry(Tables.RETENTION, RIGHTS),
          Map.entry(Tables.LIMITS, COMMON));

  private static final Map<BucketSpec, String> BUCKETS =
      Map.of(
          Buckets.INCOMING, "files",
          Buckets.VAULT, "files",
          Buckets.EXPORTS, "files",
          Buckets.EXPORT_ARCHIVES, "retention");

  public static Optional<String> ownerOf(TableSpec table) {
    return Optional.ofNullable(TABLES.get(table));
  }

  public static Optional<String> ownerOf(BucketSpec bucket) {
    return Optional.ofNullable(BUCKETS.get(bucket));
  }
}
