package dev.privacyfirst.events.domain;

/** Everything one distinct_id has in a project, for its export and its deletion (port). */
public interface DistinctIdData {
  /** A page of the distinct_id's data; {@code cursor} null for the first page. */
  ExportPage export(String projectId, String distinctId, String cursor, int limit);

  /**
   * Deletes up to {@code budget} items of the distinct_id's events and profile (its tracking
   * opt-out is kept so that it stays honoured); the result says whether anything is left.
   */
  DeleteProgress deleteDistinctId(String projectId, String distinctId, int budget);
}
