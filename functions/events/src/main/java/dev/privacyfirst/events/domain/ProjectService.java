package dev.privacyfirst.events.domain;

import dev.privacyfirst.common.crypto.KeyedHash;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates and finds projects. Lookups by token and secret are cached per container for a minute so
 * that ingestion does not read the table for every request.
 */
public final class ProjectService {
  private static final Duration CACHE_TTL = Duration.ofSeconds(60);
  private static final int MAX_CACHE = 10_000;

  private final ProjectStore store;
  private final KeyedHash lookupHash;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<Project> project, Instant until) {}

  public ProjectService(ProjectStore store, KeyedHash lookupHash, Clock clock) {
    this.store = store;
    this.lookupHash = lookupHash;
    this.clock = clock;
  }

  /** A customer's project. */
  public CreatedProject create(
      String name,
      int retentionDays,
      DntMode dntMode,
      boolean cookieless,
      List<String> allowedOrigins) {
    return create(name, retentionDays, dntMode, cookieless, allowedOrigins, false);
  }

  /**
   * @param firstParty a project for the service's own users (account pseudonyms as distinct_ids)
   */
  public CreatedProject create(
      String name,
      int retentionDays,
      DntMode dntMode,
      boolean cookieless,
      List<String> allowedOrigins,
      boolean firstParty) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("name must be 1-200 characters");
    }
    if (retentionDays < 1 || retentionDays > 5 * 366) {
      throw new IllegalArgumentException("retentionDays must be between 1 and 1830");
    }
    for (String origin : allowedOrigins) {
      if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        throw new IllegalArgumentException("allowed origins are scheme://host[:port]");
      }
    }
    Project project =
        new Project(
            randomHex(8),
            name,
            randomHex(16),
            retentionDays,
            dntMode,
            cookieless,
            allowedOrigins,
            clock.instant(),
            firstParty);
    String secret = randomHex(16);
    store.create(project, secretHash(secret));
    return new CreatedProject(project, secret);
  }

  public List<Project> list() {
    return store.list();
  }

  public Optional<Project> byToken(String token) {
    if (token == null || token.isEmpty() || token.length() > 64) {
      return Optional.empty();
    }
    return cached("t:" + token, () -> store.byToken(token));
  }

  public Optional<Project> bySecret(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > 128) {
      return Optional.empty();
    }
    String hash = secretHash(secret);
    return cached("s:" + hash, () -> store.bySecretHash(hash));
  }

  public Optional<Project> byId(String projectId) {
    return cached("i:" + projectId, () -> store.byId(projectId));
  }

  private Optional<Project> cached(
      String key, java.util.function.Supplier<Optional<Project>> load) {
    Instant now = clock.instant();
    Cached hit = cache.get(key);
    if (hit != null && hit.until().isAfter(now)) {
      return hit.project();
    }
    Optional<Project> project = load.get();
    if (cache.size() > MAX_CACHE) {
      cache.clear();
    }
    cache.put(key, new Cached(project, now.plus(CACHE_TTL)));
    return project;
  }

  /** Forgets a project in this container's cache (other containers forget it within a minute). */
  public void evict(String projectId) {
    cache.values().removeIf(c -> c.project().map(p -> p.id().equals(projectId)).orElse(false));
  }

  String secretHash(String secret) {
    return lookupHash.hex("project-secret|" + secret);
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
