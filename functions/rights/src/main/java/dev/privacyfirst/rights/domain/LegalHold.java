package dev.privacyfirst.rights.domain;

import java.time.Instant;

/** A legal hold: the purge skips the subject while it exists. */
public record LegalHold(Subject subject, String reason, Instant placedAt) {}
