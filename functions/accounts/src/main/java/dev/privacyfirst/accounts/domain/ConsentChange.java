package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/**
 * One recorded change of consent: what changed ({@code shareWithThirdPartiesOptOut}, {@code
 * trackingOptOut}, {@code grant}), the new value ({@code true}/{@code false}, {@code
 * granted}/{@code revoked}), the grant it concerns if any, and when.
 */
public record ConsentChange(String consent, String value, String grantId, Instant at) {}
