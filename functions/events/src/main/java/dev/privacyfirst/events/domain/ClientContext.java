package dev.privacyfirst.events.domain;

/**
 * What the request itself says about the sender, kept in memory for one request: the IP (only to
 * derive a location and the cookieless visitor id), User-Agent, privacy signals and origin.
 */
public record ClientContext(
    LocationHints requestLocation,
    boolean useRequestIp,
    String userAgent,
    boolean doNotTrack,
    boolean globalPrivacyControl,
    String origin) {

  public static final ClientContext SERVER =
      new ClientContext(LocationHints.NONE, false, null, false, false, null);

  public boolean privacySignal() {
    return doNotTrack || globalPrivacyControl;
  }

  @Override
  public String toString() {
    return "ClientContext[dnt=" + doNotTrack + ", gpc=" + globalPrivacyControl + "]";
  }
}
