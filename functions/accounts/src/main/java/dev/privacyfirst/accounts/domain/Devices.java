package dev.privacyfirst.accounts.domain;

import java.util.Locale;

/**
 * A coarse description of the device a session was opened from ("Firefox on Linux"), so that the
 * owner can tell their sessions apart. Only the browser family and the platform are kept: never the
 * User-Agent string (which, with its versions, helps fingerprint a person), never an IP.
 */
public final class Devices {
  private Devices() {}

  private static final int MAX_SCANNED = 512;

  /** The description, or "Unknown device" when nothing is recognised; null in, null out. */
  public static String describe(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return null;
    }
    String ua =
        userAgent.substring(0, Math.min(userAgent.length(), MAX_SCANNED)).toLowerCase(Locale.ROOT);
    String browser = browser(ua);
    String platform = platform(ua);
    if (browser == null && platform == null) {
      return "Unknown device";
    }
    if (browser == null) {
      return platform;
    }
    return platform == null ? browser : browser + " on " + platform;
  }

  private static String browser(String ua) {
    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    if (ua.contains("edg/") || ua.contains("edga/") || ua.contains("edgios/")) {
      return "Edge";
    }
    if (ua.contains("opr/") || ua.contains("opera")) {
      return "Opera";
    }
    if (ua.contains("firefox/") || ua.contains("fxios/")) {
      return "Firefox";
    }
    if (ua.contains("chrome/") || ua.contains("crios/") || ua.contains("chromium/")) {
      return "Chrome";
    }
    if (ua.contains("safari/")) {
      return "Safari";
    }
    if (ua.contains("curl/")
        || ua.contains("wget/")
        || ua.contains("java-http-client")
        || ua.contains("okhttp")
        || ua.contains("python-")) {
      return "Program";
    }
    return null;
  }

  private static String platform(String ua) {
    if (ua.contains("android")) {
      return "Android";
    }
    if (ua.contains("iphone") || ua.contains("ipad") || ua.contains("ios")) {
      return "iOS";
    }
    if (ua.contains("windows")) {
      return "Windows";
    }
    if (ua.contains("mac os") || ua.contains("macintosh")) {
      return "macOS";
    }
    if (ua.contains("cros")) {
      return "ChromeOS";
    }
    if (ua.contains("linux")) {
      return "Linux";
    }
    return null;
  }
}
