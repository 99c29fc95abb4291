package dev.privacyfirst.common.topology;

import dev.privacyfirst.common.config.Config;
import java.util.List;

/** Every table of the system: the one definition the CDK stack and the local cloud both read. */
public final class Tables {
  private Tables() {}

  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String GSI1 = "gsi1";
  public static final String GSI1_PK = "gsi1pk";
  public static final String GSI1_SK = "gsi1sk";
  public static final String EXPIRES_AT = "expiresAt";

  /**
   * Where a held item keeps its expiry time while a legal hold protects it: TTL reads only {@link
   * #EXPIRES_AT}, so moving the value here takes the item out of TTL's reach (and moving it back
   * restores it). See {@code rights.adapter.HeldTtl}.
   */
  public static final String HELD_EXPIRES_AT = "heldExpiresAt";

  private static TableSpec generic(String id, String envVar, String localName) {
    return new TableSpec(
        id,
        envVar,
        localName,
        PK,
        SK,
        List.of(new TableSpec.IndexSpec(GSI1, GSI1_PK, GSI1_SK)),
        EXPIRES_AT);
  }

  /** Accounts, keyed-hash email lookups, profiles, consents, sign-in throttles. */
  public static final TableSpec ACCOUNTS = generic("Accounts", "ACCOUNTS_TABLE", "accounts");

  /**
   * Per-user data keys for crypto-shredding, apart from the data they protect so that destroying a
   * key is one delete and backups of the other tables become unreadable for that user.
   */
  public static final TableSpec USER_KEYS =
      new TableSpec("UserKeys", "USER_KEYS_TABLE", "user-keys", PK, null, List.of(), null);

  /**
   * Sessions (token hashes), owned by the shared code in {@code common}: every capability
   * authenticates through its port, and no capability reads the accounts table for it.
   */
  public static final TableSpec SESSIONS = generic("Sessions", "SESSIONS_TABLE", "sessions");

  /** Uploads, file manifests. */
  public static final TableSpec FILES = generic("Files", "FILES_TABLE", "files");

  /** Deduplicated chunks: reference counts, wrapped data keys, GC schedule (GSI1, sparse). */
  public static final TableSpec CHUNKS = generic("Chunks", "CHUNKS_TABLE", "chunks");

  /** Analytics projects, events, people profiles, opt-outs, deletion tasks. */
  public static final TableSpec EVENTS = generic("Events", "EVENTS_TABLE", "events");

  /**
   * The daily salts of cookieless visitor ids (owner: the events module, {@code DynamoSaltStore}),
   * apart from the events so that no backup keeps them: without point-in-time recovery, each salt
   * expiring by TTL at the end of its UTC day and deleted by the first request of the next day.
   * Once a salt is gone, nobody can link that day's visitor ids to an address, or to each other.
   */
  public static final TableSpec DAILY_SALTS =
      new TableSpec(
          "DailySalts", "DAILY_SALTS_TABLE", "daily-salts", PK, null, List.of(), EXPIRES_AT);

  /** Email preferences, suppressions, campaign progress. */
  public static final TableSpec EMAIL = generic("Email", "EMAIL_TABLE", "email");

  /**
   * The subject-rights contract's own table: deletion requests with their purge cursors, legal
   * holds, receipts, restrictions, the account directory (sealed addresses) and export jobs.
   */
  public static final TableSpec RETENTION = generic("Retention", "RETENTION_TABLE", "retention");

  /** Idempotency records (the Powertools conditional-put pattern: status and expiry). */
  public static final TableSpec IDEMPOTENCY =
      new TableSpec(
          "Idempotency", "IDEMPOTENCY_TABLE", "idempotency", "id", null, List.of(), EXPIRES_AT);

  /**
   * Per-client rate limits (owner: the shared code in {@code common}, {@code DynamoRateLimiter},
   * reached through the {@code RateLimiter} port): one token bucket per account or project and
   * class, a time and an expiry, removed by TTL once full again. Never keyed by an address.
   */
  public static final TableSpec LIMITS =
      new TableSpec("Limits", "LIMITS_TABLE", "limits", PK, null, List.of(), EXPIRES_AT);

  public static final List<TableSpec> ALL =
      List.of(
          ACCOUNTS,
          USER_KEYS,
          SESSIONS,
          FILES,
          CHUNKS,
          EVENTS,
          DAILY_SALTS,
          EMAIL,
          RETENTION,
          IDEMPOTENCY,
          LIMITS);

  /**
   * Whether a table has point-in-time recovery. Every table does except the per-user keys: a backup
   * of that table would keep a destroyed key alive for the backup window and undo crypto-shredding.
   * Losing it in a disaster loses only personal fields, which are then unreadable anyway. Sessions
   * are not backed up either: a restored session is worth nothing (it would have to be signed in
   * again) and a backup would keep revoked sessions' account links for the backup window. Nor are
   * the daily salts: a restored salt would make its day's visitor ids linkable again; losing one
   * only starts a new visitor id a few hours early. Nor are the rate-limit buckets: a restored
   * bucket is worth nothing, and a lost one is a full bucket.
   */
  public static boolean isBackedUp(TableSpec table) {
    return !table.equals(USER_KEYS)
        && !table.equals(SESSIONS)
        && !table.equals(DAILY_SALTS)
        && !table.equals(LIMITS);
  }

  /** The physical name of a table, from its environment variable (local name as fallback). */
  public static String name(Config config, TableSpec table) {
    return config.get(table.envVar(), table.localName());
  }
}
