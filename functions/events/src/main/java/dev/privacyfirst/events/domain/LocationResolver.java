package dev.privacyfirst.events.domain;

/**
 * Turns an IP address into an approximate location. The address is used for this one lookup and
 * then discarded: implementations never store or log it.
 */
@FunctionalInterface
public interface LocationResolver {
  Location locate(LocationHints hints);

  /**
   * CloudFront viewer headers when present (they are derived from the IP by CloudFront itself),
   * otherwise the optional database, otherwise unknown.
   */
  static LocationResolver chain(LocationResolver database) {
    return hints -> {
      if (isCountryCode(hints.viewerCountry())) {
        return new Location(
            hints.viewerCountry().toUpperCase(java.util.Locale.ROOT),
            clean(hints.viewerRegion()),
            clean(hints.viewerCity()));
      }
      if (hints.ip() == null || hints.ip().isEmpty()) {
        return Location.UNKNOWN;
      }
      return database.locate(hints);
    };
  }

  /** No database configured: the country stays unknown. */
  LocationResolver NONE = hints -> Location.UNKNOWN;

  /** Two ASCII letters; checked per event, so without compiling a regular expression each time. */
  private static boolean isCountryCode(String value) {
    return value != null
        && value.length() == 2
        && isAsciiLetter(value.charAt(0))
        && isAsciiLetter(value.charAt(1));
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static String clean(String value) {
    if (value == null || value.isBlank() || value.length() > 100) {
      return null;
    }
    // CloudFront URL-encodes the city name; a malformed escape is no city, never a failed batch.
    try {
      return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
