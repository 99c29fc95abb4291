package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/** What the owner of an account sees of it. */
public record AccountView(String id, String email, Instant createdAt) {}
