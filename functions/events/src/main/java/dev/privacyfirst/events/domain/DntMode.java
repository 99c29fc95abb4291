package dev.privacyfirst.events.domain;

/** What a project does with an event sent under Do Not Track or Global Privacy Control. */
public enum DntMode {
  /** The event is dropped before anything is stored (the default). */
  DROP,
  /**
   * Only an anonymous per-day, per-event-name counter is incremented; nothing identifies anyone.
   */
  AGGREGATE
}
