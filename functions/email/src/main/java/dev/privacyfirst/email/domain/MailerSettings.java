package dev.privacyfirst.email.domain;

/**
 * @param publicBaseUrl base of the links in mail, without trailing slash
 * @param unsubscribeMailto the mailbox of the mailto List-Unsubscribe alternative
 * @param trackingToken the analytics project token of open events; null: no pixel at all
 */
public record MailerSettings(String publicBaseUrl, String unsubscribeMailto, String trackingToken) {
  public MailerSettings {
    publicBaseUrl =
        publicBaseUrl.endsWith("/")
            ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
            : publicBaseUrl;
  }
}
