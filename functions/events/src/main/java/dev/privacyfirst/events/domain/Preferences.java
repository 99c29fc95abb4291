package dev.privacyfirst.events.domain;

/** A distinct_id's choices: no tracking at all, and no sharing of its data outside the service. */
public record Preferences(boolean trackingOptOut, boolean sharingOptOut) {
  public static final Preferences NONE = new Preferences(false, false);
}
