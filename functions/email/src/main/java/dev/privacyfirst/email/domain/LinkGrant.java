package dev.privacyfirst.email.domain;

import java.time.Instant;

/**
 * What a verified link grants: one scope over one recipient's preferences ("a:" account id or "h:"
 * keyed hash of an address) until it expires.
 *
 * @param expiresAt null only for a link of the retired format (see {@link LinkTokens})
 */
public record LinkGrant(String recipient, LinkScope scope, Instant expiresAt) {}
