package dev.privacyfirst.rights.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Erasure work a capability holds with deadlines of its own (a customer's analytics deletion task,
 * for instance): the purge adds it to the near-deadline and past-deadline counts that the alarms
 * watch, so every request that erases data has a deadline somebody is told about.
 */
@FunctionalInterface
public interface DeadlineSource {
  DeadlineCounts count(Instant now, Duration nearWindow);
}
