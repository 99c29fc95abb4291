package dev.privacyfirst.events.domain;

/** A distinct_id's choices: no tracking at all, and no sharing of its data outside the service. */
public record TrackingPreferences(boolean trackingOptOut, boolean sharingOptOut) {
  public static final TrackingPreferences NONE = new TrackingPreferences(false, false);
}
