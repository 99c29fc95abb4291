package dev.privacyfirst.events.domain;

/** An approximate location: country (ISO code), region and city, each null when unknown. */
public record Location(String country, String region, String city) {
  public static final Location UNKNOWN = new Location(null, null, null);

  public boolean isKnown() {
    return country != null;
  }
}
