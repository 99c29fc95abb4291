package dev.privacyfirst.common.topology;

import dev.privacyfirst.common.topology.SecretSpec.Rotation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every application key, one secret per purpose, with the functions allowed to read it; and the
 * envelope-encryption purposes each function may use the data key for. The CDK app grants exactly
 * these (one Secrets Manager secret per key, KMS use conditioned on the {@value #PURPOSE}
 * encryption context); the local cloud keeps one key file per name and version.
 */
public final class AppSecrets {
  private AppSecrets() {}

  private static final FunctionSpec[] FILES_READERS = {
    Functions.FILES_API,
    Functions.UPLOAD_PROCESSOR,
    Functions.DOWNLOAD_MATERIALISER,
    Functions.LAWFUL_DISCLOSURE
  };

  private static final FunctionSpec[] SUBJECT_RIGHTS = {
    Functions.RETENTION_PURGE, Functions.RETENTION_OPERATOR, Functions.RIGHTS_JOBS
  };

  /** Keyed hash of normalised email addresses: account sign-in lookup, email suppressions. */
  public static final SecretSpec EMAIL_LOOKUP =
      new SecretSpec(
          "email-lookup",
          "keyed lookup hashes of email addresses (accounts, suppressions)",
          Rotation.REKEY_PASS,
          with(
              SUBJECT_RIGHTS,
              Functions.ACCOUNTS_API,
              Functions.SES_NOTIFICATIONS,
              Functions.CAMPAIGNS,
              Functions.ACCOUNT_NOTICES));

  /**
   * Signs the links in emails (unsubscribe, preference center): made by senders, checked by links.
   */
  public static final SecretSpec EMAIL_LINKS =
      new SecretSpec(
          "email-links",
          "signatures of emailed one-click links",
          Rotation.VERSIONED,
          List.of(
              Functions.EMAIL_LINKS,
              Functions.INBOUND_MAIL,
              Functions.CAMPAIGNS,
              Functions.ACCOUNT_NOTICES));

  /** Keyed tags of whole-file digests, stored on file records; tags carry their key version. */
  public static final SecretSpec FILE_DIGESTS =
      new SecretSpec(
          "file-digests",
          "keyed tags of whole-file SHA-256 digests",
          Rotation.VERSIONED,
          List.of(FILES_READERS));

  /** Chunk ids: keyed hash of a chunk's digest; ids carry their key version. */
  public static final SecretSpec CHUNK_IDS =
      new SecretSpec(
          "chunk-ids",
          "chunk ids (keyed hash of the chunk digest, deduplication)",
          Rotation.VERSIONED,
          List.of(FILES_READERS));

  /**
   * Events: project-secret lookup hashes and distinct_id (and group) partitions. Read under every
   * readable version; rotated with the operator's re-key pass ({@code rekeyEventsLookups}).
   */
  public static final SecretSpec EVENTS_LOOKUP =
      new SecretSpec(
          "events-lookup",
          "project-secret lookup hashes and event partitions",
          Rotation.REKEY_PASS,
          with(
              SUBJECT_RIGHTS,
              Functions.TRACKING_API,
              Functions.EVENTS_PRIVACY_API,
              Functions.EVENT_PROJECTS));

  /**
   * An account's one analytics identity (stored as the distinct_id of its events). Pseudonyms are
   * pinned to version 1 and never re-keyed (rights' AnalyticsPseudonyms says why): this key does
   * not rotate.
   */
  public static final SecretSpec ANALYTICS_PSEUDONYM =
      new SecretSpec(
          "analytics-pseudonym",
          "account pseudonyms in analytics (stored distinct_ids, restrictions)",
          Rotation.REKEY_PASS,
          with(
              SUBJECT_RIGHTS,
              Functions.ACCOUNTS_API,
              Functions.CAMPAIGNS,
              Functions.ACCOUNT_NOTICES));

  /**
   * Subject ids in deletion receipts: never looked up, only checked against a given subject, and
   * tagged with their key version (rights' SubjectHasher), so versioned output.
   */
  public static final SecretSpec RECEIPTS =
      new SecretSpec(
          "receipts",
          "keyed subject ids in deletion receipts",
          Rotation.VERSIONED,
          List.of(SUBJECT_RIGHTS));

  /**
   * Signs the HttpOnly mark a refused under-age sign-up leaves in its browser (a cooling period).
   */
  public static final SecretSpec SIGN_UP_REFUSAL_MARK =
      new SecretSpec(
          "sign-up-refusal-mark",
          "the signed mark of a refused sign-up (cooling period, never an IP)",
          Rotation.SHORT_LIVED,
          List.of(Functions.ACCOUNTS_API));

  public static final List<SecretSpec> ALL =
      List.of(
          SIGN_UP_REFUSAL_MARK,
          EMAIL_LOOKUP,
          EMAIL_LINKS,
          FILE_DIGESTS,
          CHUNK_IDS,
          EVENTS_LOOKUP,
          ANALYTICS_PSEUDONYM,
          RECEIPTS);

  public static Optional<SecretSpec> byName(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The keys a function may read. */
  public static List<SecretSpec> readableBy(FunctionSpec function) {
    return ALL.stream().filter(s -> s.readableBy(function)).toList();
  }

  /**
   * The encryption-context entry every envelope data key carries; KMS use by the functions is
   * conditioned on its value.
   */
  public static final String PURPOSE = "purpose";

  /** Per-account data keys (sealed names, addresses, profile fields): the personal-data vault. */
  public static final String PERSONAL_DATA = "personal-data";

  /** Per-upload data keys of file chunks. */
  public static final String FILES_CHUNK_KEY = "files-chunk-key";

  /** Which functions may generate or unwrap data keys of which purpose. */
  public static final Map<String, List<FunctionSpec>> ENVELOPE_PURPOSES =
      Map.of(
          PERSONAL_DATA,
          with(
              SUBJECT_RIGHTS,
              Functions.ACCOUNTS_API,
              Functions.FILES_API,
              Functions.UPLOAD_PROCESSOR,
              Functions.DOWNLOAD_MATERIALISER,
              Functions.LAWFUL_DISCLOSURE,
              Functions.CAMPAIGNS,
              Functions.ACCOUNT_NOTICES),
          FILES_CHUNK_KEY,
          List.of(FILES_READERS));

  /** The envelope purposes a function may use, sorted. */
  public static List<String> envelopePurposesOf(FunctionSpec function) {
    return ENVELOPE_PURPOSES.entrySet().stream()
        .filter(e -> e.getValue().contains(function))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static List<FunctionSpec> with(FunctionSpec[] group, FunctionSpec... more) {
    var all = new java.util.ArrayList<>(List.of(group));
    all.addAll(List.of(more));
    return List.copyOf(all);
  }
}
