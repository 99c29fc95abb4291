package dev.privacyfirst.events.domain;

import java.time.LocalDate;

/** The daily salts of cookieless visitor ids. */
public interface SaltStore {
  /** The day's random salt, created on first use (all containers agree on one). */
  byte[] saltFor(LocalDate day, long expiresAtEpochSecond);

  void delete(LocalDate day);
}
