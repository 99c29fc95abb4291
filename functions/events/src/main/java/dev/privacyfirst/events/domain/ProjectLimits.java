package dev.privacyfirst.events.domain;

import dev.privacyfirst.common.limits.RateLimiter;
import dev.privacyfirst.common.limits.RateLimits;

/**
 * Per-project rate limits on ingestion: a project is identified by its token (or, on /import, its
 * secret), and its bucket is keyed by the project's id, never by a visitor or an address. Past the
 * limit a request is refused with 429 ({@link dev.privacyfirst.common.http.RateLimited}) before any
 * of its records is stored.
 */
public final class ProjectLimits {
  /** No limits (tests of other behaviour). */
  public static final ProjectLimits NONE = new ProjectLimits(RateLimiter.NONE, RateLimits.DEFAULTS);

  private final RateLimiter limiter;
  private final RateLimits limits;

  public ProjectLimits(RateLimiter limiter, RateLimits limits) {
    this.limiter = limiter;
    this.limits = limits;
  }

  /** One /track, /engage or /groups request naming this project, or an opt-out by its token. */
  public void ingestion(Project project) {
    limiter.enforce(subject(project), limits.projectIngestion());
  }

  /** One call with the project secret: /import, or the privacy API. */
  public void imports(Project project) {
    limiter.enforce(subject(project), limits.projectImport());
  }

  private static String subject(Project project) {
    return "PROJECT#" + project.id();
  }
}
