package dev.privacyfirst.common.session;

/** Who is calling: an account, authenticated by a session presented as a cookie or bearer token. */
public record Principal(String accountId, String sessionHash, Via via) {
  public enum Via {
    COOKIE,
    BEARER
  }
}
