package dev.privacyfirst.events.domain;

import dev.privacyfirst.common.crypto.KeyedHash;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Cookieless visitor ids: HMAC(daily salt, project | IP | User-Agent). The salt is random, lives
 * for one UTC day (TTL at the day's end, and deleted by the first request of the next day), so the
 * same person gets an unrelated id the next day and nobody, us included, can link the two.
 */
public final class VisitorIds {
  private final SaltStore salts;
  private final Clock clock;
  private volatile DaySalt current;

  private record DaySalt(LocalDate day, KeyedHash hash) {}

  public VisitorIds(SaltStore salts, Clock clock) {
    this.salts = salts;
    this.clock = clock;
  }

  public String visitorId(String projectId, String ip, String userAgent) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    DaySalt salt = current;
    if (salt == null || !salt.day().equals(today)) {
      salt = rotate(today);
    }
    String input =
        projectId + "|" + (ip == null ? "" : ip) + "|" + (userAgent == null ? "" : userAgent);
    return "cl_" + salt.hash().hex(input).substring(0, 32);
  }

  /** When the ids of this instant's day stop existing: the end of its UTC day (epoch seconds). */
  public static long endOfDay(java.time.Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC)
        .plusDays(1)
        .atStartOfDay(ZoneOffset.UTC)
        .toEpochSecond();
  }

  private synchronized DaySalt rotate(LocalDate today) {
    DaySalt salt = current;
    if (salt != null && salt.day().equals(today)) {
      return salt;
    }
    long endOfDay = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    DaySalt fresh = new DaySalt(today, new KeyedHash(salts.saltFor(today, endOfDay)));
    // Yesterday's salt must not outlive its day: TTL deletion can lag, so delete it now.
    salts.delete(today.minusDays(1));
    current = fresh;
    return fresh;
  }
}
