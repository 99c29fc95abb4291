package dev.privacyfirst.email.domain;

import java.time.Instant;
import java.util.Optional;

/** Suppressions by keyed hash of the address (port); never the address itself. */
public interface SuppressionStore {
  Optional<Suppression> find(String addressHash);

  /**
   * Records a feedback event and raises the address's suppression to at least {@code level} (a
   * complaint never lowers a hard-bounce suppression). Recording the same event twice is harmless.
   */
  void record(String addressHash, Suppression level, String eventId, String type, Instant at);

  /**
   * Removes an {@link Suppression#ERASED} marker (the person signed up again with the address and
   * so asked to be mailed again); any other level stays. Returns whether a marker was removed.
   */
  boolean liftErasure(String addressHash);
}
