package dev.privacyfirst.email.domain;

import static dev.privacyfirst.email.domain.Html.escape;

import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.rights.domain.Restriction;
import dev.privacyfirst.rights.domain.Restrictions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one mailer every capability sends through. At send time it reads the recipient's current
 * preferences and the address's suppression (so a change made a second ago governs the next
 * message), then renders text and HTML parts with the links the category calls for: promotional
 * mail carries RFC 8058 one-click unsubscribe headers, a visible unsubscribe link and, unless the
 * recipient refused tracking, an open pixel; transactional mail carries a preference-center link.
 */
public final class Mailer {
  private final Categories categories;
  private final PreferenceStore preferences;
  private final SuppressionStore suppressions;
  private final RecipientDirectory accounts;
  private final MailTransport transport;
  private final Links links;
  private final AddressHasher hasher;
  private final MailerSettings settings;
  private final Restrictions restrictions;

  public Mailer(
      Categories categories,
      PreferenceStore preferences,
      SuppressionStore suppressions,
      RecipientDirectory accounts,
      MailTransport transport,
      Links links,
      AddressHasher hasher,
      MailerSettings settings,
      Restrictions restrictions) {
    this.categories = categories;
    this.preferences = preferences;
    this.suppressions = suppressions;
    this.accounts = accounts;
    this.transport = transport;
    this.links = links;
    this.hasher = hasher;
    this.settings = settings;
    this.restrictions = restrictions;
  }

  /** The category with this id (IllegalArgumentException if unknown). */
  public Category category(String id) {
    return categories.require(id);
  }

  public SendResult send(MailRequest request) {
    Category category = categories.require(request.categoryId());
    String address;
    String recipientKey;
    // The open pixel names the account's one analytics pseudonym, and only when the account has not
    // restricted tracking (read now, at send time). A bare address gets no pixel at all.
    String openTrackingId = null;
    switch (request.recipient()) {
      case Recipient.Account account -> {
        Optional<String> found = accounts.emailOf(account.accountId());
        if (found.isEmpty()) {
          return new SendResult.Skipped(SendResult.Reason.NO_ADDRESS);
        }
        Set<Restriction> restricted = restrictions.ofAccount(account.accountId());
        if (category.promotional() && restricted.contains(Restriction.PROMOTIONAL_MAIL)) {
          return new SendResult.Skipped(SendResult.Reason.RESTRICTED);
        }
        if (!restricted.contains(Restriction.TRACKING)) {
          openTrackingId = restrictions.pseudonymOf(account.accountId());
        }
        address = found.get();
        recipientKey = "a:" + account.accountId();
      }
      case Recipient.Sealed sealed -> {
        if (category.promotional()) {
          return new SendResult.Skipped(SendResult.Reason.REFUSED);
        }
        Optional<String> opened =
            accounts.openRecipient(sealed.accountId(), sealed.sealedAddress());
        if (opened.isEmpty()) {
          return new SendResult.Skipped(SendResult.Reason.NO_ADDRESS);
        }
        address = opened.get();
        recipientKey = "h:" + hasher.hash(address);
      }
      case Recipient.Address bare -> {
        address = bare.email();
        recipientKey = "h:" + hasher.hash(address);
      }
    }
    List<String> addressHashes = hasher.all(address);
    Optional<Suppression> suppression = strongest(addressHashes);
    if (suppression.isPresent()
        && suppression.get() == Suppression.ERASED
        && category.id().equals(Categories.ADDRESS_VERIFICATION)
        && request.recipient() instanceof Recipient.Sealed) {
      // The one message that passes an erasure marker: the link that lets the person behind an
      // erased address prove it and sign up again (rate-limited per address per day by accounts).
      // The marker stays until they verify; only the first mail to the verified account lifts it.
      suppression = Optional.empty();
    }
    if (suppression.isPresent()
        && suppression.get() == Suppression.ERASED
        && request.recipient() instanceof Recipient.Account) {
      // An account holds this address now, so someone signed up with it after the erasure (while an
      // account is being erased its key is destroyed first and it has no address): the marker that
      // blocked every message belonged to the erased identity and goes. Bounces and complaints
      // stay.
      addressHashes.forEach(suppressions::liftErasure);
      suppression = strongest(addressHashes);
    }
    if (suppression.isPresent() && suppression.get().blocks(category)) {
      return new SendResult.Skipped(SendResult.Reason.SUPPRESSED);
    }
    Preferences current = preferences.get(recipientKey);
    if (!current.allows(category)) {
      return new SendResult.Skipped(SendResult.Reason.REFUSED);
    }
    return new SendResult.Sent(
        transport.send(render(address, recipientKey, openTrackingId, category, current, request)));
  }

  /** A new link that unsubscribes this recipient from this scope (category id or "all"). */
  public String unsubscribeUrl(String recipientKey, String scope) {
    return settings.publicBaseUrl()
        + "/email/unsubscribe?t="
        + links.issue(recipientKey, new LinkScope.Unsubscribe(scope));
  }

  /** A new preference-center link for this recipient. */
  public String preferencesUrl(String recipientKey) {
    return settings.publicBaseUrl()
        + "/email/preferences?t="
        + links.issue(recipientKey, new LinkScope.PreferenceCenter());
  }

  /**
   * The mailto alternative of {@code List-Unsubscribe}: the token in the address ({@code
   * unsubscribe+<token>@domain}, what the inbound handler reads first) and in the subject (for mail
   * clients that keep the subject but not a sub-address).
   */
  String unsubscribeMailto(String token) {
    String mailbox = settings.unsubscribeMailto();
    int at = mailbox.lastIndexOf('@');
    return "mailto:"
        + mailbox.substring(0, at)
        + "+"
        + token
        + mailbox.substring(at)
        + "?subject="
        + URLEncoder.encode("unsubscribe " + token, StandardCharsets.UTF_8).replace("+", "%20");
  }

  OutgoingMessage render(
      String address,
      String recipientKey,
      String openTrackingId,
      Category category,
      Preferences current,
      MailRequest request) {
    MessageContent content = request.content();
    String prefsUrl = preferencesUrl(recipientKey);
    StringBuilder text = new StringBuilder();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(content.subject()))
        .append("</title></head><body>");
    for (String paragraph : content.paragraphs()) {
      text.append(paragraph).append("\r\n\r\n");
      html.append("<p>").append(escape(paragraph)).append("</p>");
    }
    text.append("-- \r\n");
    html.append("<hr>");
    List<OutgoingMessage.Header> headers = new ArrayList<>();
    if (category.promotional()) {
      String token = links.issue(recipientKey, new LinkScope.Unsubscribe(category.id()));
      String unsubscribe = settings.publicBaseUrl() + "/email/unsubscribe?t=" + token;
      String mailto = unsubscribeMailto(token);
      headers.add(
          new OutgoingMessage.Header(
              "List-Unsubscribe", "<" + unsubscribe + ">, <" + mailto + ">"));
      headers.add(
          new OutgoingMessage.Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
      text.append("You receive this because you did not refuse \"")
          .append(category.title())
          .append("\" email.\r\nUnsubscribe: ")
          .append(unsubscribe)
          .append("\r\nAll email preferences: ")
          .append(prefsUrl)
          .append("\r\n");
      html.append("<p>You receive this because you did not refuse &ldquo;")
          .append(escape(category.title()))
          .append("&rdquo; email. <a href=\"")
          .append(escape(unsubscribe))
          .append("\">Unsubscribe</a> &middot; <a href=\"")
          .append(escape(prefsUrl))
          .append("\">All email preferences</a></p>");
      if (openTrackingId != null
          && !current.trackingRefused()
          && settings.trackingToken() != null) {
        html.append("<img src=\"")
            .append(escape(pixelUrl(openTrackingId, category, request.campaignId())))
            .append("\" alt=\"\" width=\"1\" height=\"1\">");
      }
    } else {
      text.append("This is a \"")
          .append(category.title())
          .append("\" message about your account; it is sent whatever your email choices.")
          .append("\r\nEmail preferences: ")
          .append(prefsUrl)
          .append("\r\n");
      html.append("<p>This is a &ldquo;")
          .append(escape(category.title()))
          .append("&rdquo; message about your account; it is sent whatever your email choices.")
          .append(" <a href=\"")
          .append(escape(prefsUrl))
          .append("\">Email preferences</a></p>");
    }
    html.append("</body></html>");
    return new OutgoingMessage(
        address, category.id(), content.subject(), text.toString(), html.toString(), headers);
  }

  /**
   * A Mixpanel-style {@code /track} image request: the event names the account's analytics
   * pseudonym (keyed hash, not the account id: the same identity as the account's other analytics,
   * so export and erasure find it) and asks for no IP use ({@code ip=0}).
   */
  private String pixelUrl(String distinctId, Category category, String campaignId) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("token", settings.trackingToken());
    properties.put("distinct_id", distinctId);
    properties.put("category", category.id());
    if (campaignId != null) {
      properties.put("campaign", campaignId);
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", "Email opened");
    event.put("properties", properties);
    String data =
        URLEncoder.encode(
            Base64.getEncoder().encodeToString(Json.write(event).getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
    return settings.publicBaseUrl() + "/track?data=" + data + "&ip=0&img=1";
  }

  /**
   * The strongest suppression of the address under any readable key version: a marker filed before
   * a rotation keeps blocking (suppressions cannot be re-keyed: the address is not stored).
   */
  private Optional<Suppression> strongest(List<String> addressHashes) {
    Optional<Suppression> strongest = Optional.empty();
    for (String hash : addressHashes) {
      Optional<Suppression> found = suppressions.find(hash);
      if (found.isPresent()
          && (strongest.isEmpty() || found.get().ordinal() > strongest.get().ordinal())) {
        strongest = found;
      }
    }
    return strongest;
  }
}
