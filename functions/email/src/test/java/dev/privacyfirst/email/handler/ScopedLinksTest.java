package dev.privacyfirst.email.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.email.domain.InvalidLink;
import dev.privacyfirst.email.domain.LinkScope;
import dev.privacyfirst.email.domain.LinkToken;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.PreferenceChange;
import dev.privacyfirst.email.domain.Preferences;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Links that reveal nothing and do only what they say, through the link routes against DynamoDB
 * Local and the SES emulator: an unsubscribe link (the one mailbox providers see) cannot subscribe
 * again, allow tracking again or open the preference center; links expire; no mail names the
 * account id.
 */
@Tag("emulators")
class ScopedLinksTest {
  private static final String BASE = "https://api.privacyfirst.test";
  private static final Pattern PREFERENCES =
      Pattern.compile(Pattern.quote(BASE) + "/email/preferences\\?t=([a-z0-9_]+)");
  private static final MessageContent NEWS = new MessageContent("Scoped news", List.of("Hello."));
  private static MovableClock clock;
  private static EmailEnvironment env;
  private static Mailer mailer;
  private static EmailLinksHandler handler;

  @BeforeAll
  static void start() {
    clock = new MovableClock();
    env = new EmailEnvironment(BASE, clock);
    mailer = env.wiring.mailer();
    handler = env.linksHandler();
  }

  private static MimeMessage newsletter(String account) throws Exception {
    SendResult result =
        mailer.send(new MailRequest(Recipient.account(account), "newsletter", NEWS, null));
    assertThat(result).isInstanceOf(SendResult.Sent.class);
    return env.mime(((SendResult.Sent) result).messageId());
  }

  private static String unsubscribeToken(MimeMessage message) throws Exception {
    Matcher m =
        Pattern.compile("/email/unsubscribe\\?t=([a-z0-9_]+)>")
            .matcher(message.getHeader("List-Unsubscribe", null));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** The message as a reader sees it: every header, and every part decoded. */
  private static String raw(MimeMessage message) throws Exception {
    StringBuilder all = new StringBuilder();
    for (var lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) {
      all.append(lines.nextElement()).append('\n');
    }
    jakarta.mail.Multipart parts = (jakarta.mail.Multipart) message.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      all.append(parts.getBodyPart(i).getContent()).append('\n');
    }
    return all.toString();
  }

  private static HttpResponse call(String event, String token, String body, String accept)
      throws Exception {
    APIGatewayV2HTTPEvent e = EmailEnvironment.event(event, token);
    if (body != null) {
      e.setBody(body);
    }
    if (accept != null) {
      Map<String, String> headers = new HashMap<>(e.getHeaders());
      headers.put("accept", accept);
      e.setHeaders(headers);
    }
    return handler.handle(e);
  }

  private static Preferences prefs(String account) {
    return env.wiring.preferences().get("a:" + account);
  }

  @Test
  void categoryUnsubscribeTokenCannotResubscribeOrReEnableTracking() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("scoped"));
    env.wiring
        .preferences()
        .change("a:" + account, new PreferenceChange(Map.of("offers", false), false, true));
    String token = unsubscribeToken(newsletter(account));
    assertThat(call("unsubscribe-one-click", token, null, null).status()).isEqualTo(200);
    Preferences unsubscribed = prefs(account);
    assertThat(unsubscribed.refused()).containsExactlyInAnyOrder("newsletter", "offers");

    for (String route : List.of("preferences-page", "preferences-save")) {
      HttpResponse response =
          call(route, token, "action=save&c=newsletter&c=offers&tracking=allow", null);
      assertThat(response.status()).as(route).isEqualTo(403);
      assertThat(response.bodyText()).contains("can only unsubscribe");
    }
    assertThat(prefs(account)).isEqualTo(unsubscribed);
    assertThat(prefs(account).trackingRefused()).isTrue();
    assertThat(mailer.send(new MailRequest(Recipient.account(account), "newsletter", NEWS, null)))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.REFUSED));
  }

  @Test
  void theUnsubscribedPageHandsOutNoPreferenceLink() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("nolink"));
    String token = unsubscribeToken(newsletter(account));

    HttpResponse page = call("unsubscribe-one-click", token, null, "text/html");

    assertThat(page.bodyText()).contains("You are unsubscribed").doesNotContain("?t=");
  }

  @Test
  void thePreferenceLinkOfTheSameMailCanChangeEverything() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("center"));
    MimeMessage message = newsletter(account);
    Matcher m = PREFERENCES.matcher(raw(message));
    assertThat(m.find()).isTrue();

    HttpResponse saved =
        call("preferences-save", m.group(1), "action=save&c=newsletter&tracking=allow", null);

    assertThat(saved.status()).isEqualTo(200);
    assertThat(prefs(account).refused())
        .containsExactlyInAnyOrder("offers", "product-announcements");
    assertThat(prefs(account).trackingRefused()).isFalse();
  }

  @Test
  void noMailOrLinkCarriesTheAccountId() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("opaque"));
    String raw = raw(newsletter(account));

    assertThat(raw).doesNotContain(account).contains("/track?data=");
    // The pixel's data is base64 JSON: decode it and look there too.
    Matcher pixel = Pattern.compile("/track\\?data=([^&\"]+)").matcher(raw);
    assertThat(pixel.find()).isTrue();
    String data =
        new String(
            java.util.Base64.getDecoder()
                .decode(java.net.URLDecoder.decode(pixel.group(1), StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8);
    assertThat(data)
        .doesNotContain(account)
        .contains(env.wiring.contract().restrictions().pseudonymOf(account));
  }

  @Test
  void expiredPreferenceLinkIsRefused() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("expired"));
    String token = env.wiring.links().issue("a:" + account, new LinkScope.PreferenceCenter());
    String unsubscribe =
        env.wiring.links().issue("a:" + account, new LinkScope.Unsubscribe("offers"));
    assertThat(call("preferences-page", token, null, null).status()).isEqualTo(200);

    clock.advance(Duration.ofDays(15));
    try {
      HttpResponse page = call("preferences-page", token, null, "text/html");
      assertThat(page.status()).isEqualTo(410);
      assertThat(page.bodyText()).contains("This link has expired").contains("sign in");
      HttpResponse json =
          call("preferences-save", token, "action=unsubscribe-all", "application/json");
      assertThat(json.status()).isEqualTo(410);
      JsonNode body = Json.MAPPER.readTree(json.bodyText());
      assertThat(body.path("error").asText()).isEqualTo("link_expired");
      assertThat(body.path("message").asText()).isNotBlank();
      assertThat(prefs(account).updatedAt()).isNull();
      // The unsubscribe link of the same day still works: it lives far longer.
      assertThat(call("unsubscribe-one-click", unsubscribe, null, null).status()).isEqualTo(200);
      assertThat(prefs(account).refused()).containsExactly("offers");
    } finally {
      clock.advance(Duration.ofDays(-15));
    }
  }

  @Test
  void aTamperedLinkGetsAJsonErrorWhenJsonIsAskedFor() throws Exception {
    HttpResponse response =
        call("unsubscribe-one-click", "k1_" + "z".repeat(26), null, "application/json");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers().get("content-type")).startsWith("application/json");
    JsonNode body = Json.MAPPER.readTree(response.bodyText());
    assertThat(body.path("error").asText()).isEqualTo("invalid_link");
    assertThat(body.path("message").asText()).isNotBlank();
  }

  @Test
  void aLinkFromBeforeTheNewFormatStillUnsubscribesButOpensNothingElse() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("legacy"));
    String old = env.wiring.legacyLinkTokens().sign(new LinkToken("a:" + account, "all"));

    assertThat(call("preferences-page", old, null, null).status()).isEqualTo(403);
    assertThat(call("preferences-save", old, "action=save&tracking=allow", null).status())
        .isEqualTo(403);
    assertThat(call("unsubscribe-one-click", old, null, null).status()).isEqualTo(200);
    assertThat(prefs(account).allPromotionalRefused()).isTrue();
  }

  @Test
  void erasingTheAccountDeletesItsLinks() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("erase-links"));
    String token = env.wiring.links().issue("a:" + account, new LinkScope.PreferenceCenter());
    assertThat(env.wiring.links().verify(token).recipient()).isEqualTo("a:" + account);

    while (env.wiring.erasure().eraseSendRecords(account, 25) == 25) {
      // the erasure step's batches
    }

    Assertions.assertThatThrownBy(() -> env.wiring.links().verify(token))
        .isInstanceOf(InvalidLink.class);
  }
}
