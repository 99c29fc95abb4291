package dev.privacyfirst.events.domain;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.VersionedHash;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Creates and finds projects. Lookups by token and secret are cached per container for a minute so
 * that ingestion does not read the table for every request.
 */
public final class ProjectService {
  private static final Duration CACHE_TTL = Duration.ofSeconds(60);
  private static final int MAX_CACHE = 10_000;
  private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9.-]+(:[0-9]{1,5})?");
  public static final int MAX_ALLOWED_ORIGINS = 50;

  private final ProjectStore store;
  private final VersionedHash lookupHash;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Set<String> deploymentOrigins;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile CachedOrigins projectOrigins = new CachedOrigins(Set.of(), Instant.MIN);

  private record Cached(Optional<Project> project, Instant until) {}

  private record CachedOrigins(Set<String> origins, Instant until) {}

  public ProjectService(ProjectStore store, VersionedHash lookupHash, Clock clock) {
    this(store, lookupHash, clock, Set.of());
  }

  /**
   * @param deploymentOrigins browser origins every project of the deployment accepts (the
   *     deployment's own web app, {@code ALLOWED_ORIGINS}), besides each project's own list
   */
  public ProjectService(
      ProjectStore store, VersionedHash lookupHash, Clock clock, Set<String> deploymentOrigins) {
    this.store = store;
    this.lookupHash = lookupHash;
    this.clock = clock;
    this.deploymentOrigins = Set.copyOf(deploymentOrigins);
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
    validateOrigins(allowedOrigins);
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
    store.create(project, secretHash(secret), lookupHash.currentVersion());
    projectOrigins = new CachedOrigins(Set.of(), Instant.MIN);
    return new CreatedProject(project, secret);
  }

  /**
   * A new secret for the project (operator command), answered this once; the old one stops
   * authenticating at once in this container and within a minute in others. The way to move a
   * secret that is never presented off an older version of the lookup key before retiring it.
   */
  public Optional<CreatedProject> newSecret(String projectId) {
    String secret = randomHex(16);
    Optional<Project> project =
        store.replaceSecret(projectId, secretHash(secret), lookupHash.currentVersion());
    evict(projectId);
    return project.map(p -> new CreatedProject(p, secret));
  }

  public List<Project> list() {
    return store.list();
  }

  /**
   * Replaces a project's allowed browser origins (operator command). This container forgets its
   * cached copy at once; other containers within a minute.
   */
  public Optional<Project> updateAllowedOrigins(String projectId, List<String> allowedOrigins) {
    validateOrigins(allowedOrigins);
    Optional<Project> updated = store.updateAllowedOrigins(projectId, allowedOrigins);
    evict(projectId);
    projectOrigins = new CachedOrigins(Set.of(), Instant.MIN);
    return updated;
  }

  /**
   * Whether a browser page of this origin may send to this project and read its answers: the
   * project lists it, or the deployment does. Never the literal {@code null} (opaque origins).
   */
  public boolean allowsOrigin(Project project, String origin) {
    if (origin == null || origin.equals("null")) {
      return false;
    }
    return deploymentOrigins.contains(origin) || project.listsOrigin(origin);
  }

  /** Whether the deployment-wide list ({@code ALLOWED_ORIGINS}) has this origin. */
  public boolean deploymentAllows(String origin) {
    return origin != null && !origin.equals("null") && deploymentOrigins.contains(origin);
  }

  /**
   * Whether some project (or the deployment) allows this origin: what a CORS preflight, which
   * carries no token, can know. The projects' lists are read once a minute per container.
   */
  public boolean anyProjectAllows(String origin) {
    if (origin == null || origin.equals("null")) {
      return false;
    }
    if (deploymentOrigins.contains(origin)) {
      return true;
    }
    Instant now = clock.instant();
    CachedOrigins cached = projectOrigins;
    if (!cached.until().isAfter(now)) {
      cached =
          new CachedOrigins(
              store.list().stream()
                  .flatMap(p -> p.allowedOrigins().stream())
                  .collect(Collectors.toUnmodifiableSet()),
              now.plus(CACHE_TTL));
      projectOrigins = cached;
    }
    return cached.origins().contains(origin);
  }

  private static void validateOrigins(List<String> allowedOrigins) {
    if (allowedOrigins.size() > MAX_ALLOWED_ORIGINS) {
      throw new IllegalArgumentException(
          "at most " + MAX_ALLOWED_ORIGINS + " allowed origins per project");
    }
    for (String origin : allowedOrigins) {
      // Exactly what browsers send in Origin: lower-case scheme and host, no path, no slash.
      if (origin == null || !ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException(
            "allowed origins are scheme://host[:port] in lower case (as browsers send them)");
      }
    }
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
    // The dual lookup: under the lookup key's current version, then under each older version still
    // readable, so that project secrets keep authenticating while the key rotates (a secret stored
    // under an older version stays findable until the re-key pass, PRIVACY.md "Application keys").
    List<VersionedHash.Candidate> candidates = lookupHash.candidates(SECRET_LABEL + secret);
    String current = candidates.get(0).hex();
    return cached(
        "s:" + current,
        () -> {
          for (VersionedHash.Candidate candidate : candidates) {
            Optional<Project> found = store.bySecretHash(candidate.hex());
            if (found.isPresent()) {
              if (!candidate.hex().equals(current)) {
                rekey(found.get(), candidate.hex(), current, candidates.get(0).version());
              }
              return found;
            }
          }
          return Optional.empty();
        });
  }

  /**
   * A secret found under an older key version is filed under the current one (the secret is
   * one-way: only a request that presents it lets its lookup be re-keyed). Best effort: the request
   * is answered either way, and the next one tries again.
   */
  private void rekey(Project project, String oldHash, String newHash, int version) {
    try {
      store.rekeySecret(project.id(), oldHash, newHash, version);
    } catch (DependencyFailure e) {
      // Still found under the older version until a later request re-keys it.
    }
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

  private static final String SECRET_LABEL = "project-secret|";

  /** A new secret's lookup hash, under the current key version. */
  String secretHash(String secret) {
    return lookupHash.current().hex(SECRET_LABEL + secret);
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
