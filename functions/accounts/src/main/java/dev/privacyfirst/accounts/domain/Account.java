package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/**
 * An account as stored: the email only sealed under the account's own data key, the password only
 * as an Argon2id hash, and the keyed hash of the email that its lookup row is filed under (kept so
 * the lookup row can still be removed after the data key was destroyed).
 */
public record Account(
    String id,
    String sealedEmail,
    String emailLookup,
    String passwordHash,
    Instant createdAt,
    AccountStatus status) {}
