package dev.privacyfirst.events.domain;

/**
 * What a location can be derived from: an IP address (in memory only, for the length of one
 * request) and CloudFront's viewer headers when the request came through CloudFront.
 */
public record LocationHints(
    String ip, String viewerCountry, String viewerRegion, String viewerCity) {
  public static final LocationHints NONE = new LocationHints(null, null, null, null);

  /** The same hints without the request's own headers: for an IP given in an event's properties. */
  public static LocationHints ipOnly(String ip) {
    return new LocationHints(ip, null, null, null);
  }

  @Override
  public String toString() {
    // Never print the address (records print their components otherwise).
    return "LocationHints[ip=" + (ip == null ? "none" : "present") + "]";
  }
}
