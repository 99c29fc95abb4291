package dev.privacyfirst.email.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.email.domain.Categories;
import dev.privacyfirst.email.domain.LinkGrant;
import dev.privacyfirst.email.domain.LinkScope;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Preferences;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The mailer and the link pages end to end, against DynamoDB Local and the SES emulator. */
@Tag("emulators")
class EmailLinksHandlerTest {
  private static final String BASE = "https://api.privacyfirst.test";
  private static EmailEnvironment env;
  private static Mailer mailer;
  private static EmailLinksHandler handler;

  @BeforeAll
  static void start() {
    env = new EmailEnvironment(BASE);
    mailer = env.wiring.mailer();
    handler = env.linksHandler();
  }

  private static final MessageContent NEWS =
      new MessageContent("News <for> you", List.of("Hello & welcome.", "Second paragraph."));

  private static String sendNewsletter(String accountId) {
    SendResult result =
        mailer.send(new MailRequest(Recipient.account(accountId), "newsletter", NEWS, "c1"));
    assertThat(result).isInstanceOf(SendResult.Sent.class);
    return ((SendResult.Sent) result).messageId();
  }

  private static String oneClickUrl(MimeMessage message) throws Exception {
    String header = message.getHeader("List-Unsubscribe", null);
    Matcher m = Pattern.compile("<(https://[^>]+)>").matcher(header);
    assertThat(m.find()).as("an https List-Unsubscribe URI").isTrue();
    return m.group(1);
  }

  private static String tokenOf(String url) {
    return url.substring(url.indexOf("?t=") + 3);
  }

  private static HttpResponse call(String eventName, String token) throws Exception {
    return handler.handle(EmailEnvironment.event(eventName, token));
  }

  private static Preferences prefs(String accountId) {
    return env.wiring.preferences().get("a:" + accountId);
  }

  private static String text(MimeMessage message, String type) throws Exception {
    Multipart multipart = (Multipart) message.getContent();
    for (int i = 0; i < multipart.getCount(); i++) {
      if (multipart.getBodyPart(i).isMimeType(type)) {
        return multipart.getBodyPart(i).getContent().toString();
      }
    }
    throw new AssertionError("no " + type + " part");
  }

  @Test
  void promotionalMailCarriesOneClickHeadersAVisibleLinkAndTheOpenPixel() throws Exception {
    String address = EmailEnvironment.uniqueAddress("promo");
    String account = env.createAccount(address);
    MimeMessage message = env.mime(sendNewsletter(account));

    assertThat(message.getHeader("List-Unsubscribe-Post", null))
        .isEqualTo("List-Unsubscribe=One-Click");
    String listUnsubscribe = message.getHeader("List-Unsubscribe", null);
    String url = oneClickUrl(message);
    assertThat(listUnsubscribe)
        .contains("<mailto:unsubscribe+" + tokenOf(url) + "@privacyfirst.local?subject=");
    assertThat(url).startsWith(BASE + "/email/unsubscribe?t=").doesNotContain(address);
    LinkGrant grant = env.wiring.links().verify(tokenOf(url));
    assertThat(grant.recipient()).isEqualTo("a:" + account);
    assertThat(grant.scope()).isEqualTo(new LinkScope.Unsubscribe("newsletter"));
    assertThat(message.isMimeType("multipart/alternative")).isTrue();
    String html = text(message, "text/html");
    assertThat(html).contains("href=\"" + url + "\"").contains("Hello &amp; welcome.");
    assertThat(html).contains("News &lt;for&gt; you").doesNotContain("<for>");
    assertThat(html).contains(BASE + "/track?data=").contains("&amp;img=1");
    assertThat(text(message, "text/plain")).contains("Unsubscribe: " + url);
  }

  @Test
  void transactionalMailCarriesAPreferenceLinkAndNoUnsubscribeHeaderOrPixel() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("tx"));
    SendResult result =
        mailer.send(
            new MailRequest(
                Recipient.account(account),
                "policy-change",
                new MessageContent("Our privacy policy changes", List.of("It changes.")),
                null));
    MimeMessage message = env.mime(((SendResult.Sent) result).messageId());
    assertThat(message.getHeader("List-Unsubscribe")).isNull();
    String html = text(message, "text/html");
    assertThat(html).contains(BASE + "/email/preferences?t=").doesNotContain("/track?");
  }

  @Test
  void postingTheOneClickUrlUnsubscribes() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("oneclick"));
    String url = oneClickUrl(env.mime(sendNewsletter(account)));

    HttpResponse response = call("unsubscribe-one-click", tokenOf(url));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).contains("You are unsubscribed");
    assertThat(prefs(account).refused()).containsExactly("newsletter");
    // A second POST of the same link is harmless.
    assertThat(call("unsubscribe-one-click", tokenOf(url)).status()).isEqualTo(200);
    assertThat(prefs(account).refused()).containsExactly("newsletter");
    // ... and the next newsletter is not sent.
    assertThat(mailer.send(new MailRequest(Recipient.account(account), "newsletter", NEWS, null)))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.REFUSED));
  }

  @Test
  void aGetOfTheUnsubscribeLinkChangesNothing() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("get"));
    String url = oneClickUrl(env.mime(sendNewsletter(account)));

    HttpResponse page = call("unsubscribe-page", tokenOf(url));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().get("content-security-policy"))
        .startsWith("default-src 'none'")
        .contains("form-action 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.bodyText())
        .contains("<form method=\"post\" action=\"/email/unsubscribe?t=" + tokenOf(url) + "\"")
        .contains("Newsletter")
        .doesNotContain("<script");
    assertThat(page.bodyText()).doesNotContain("/email/preferences?t=");
    assertThat(prefs(account).updatedAt()).isNull();
  }

  @Test
  void forgedTruncatedAndAlteredTokensGetA4xxAndChangeNothing() throws Exception {
    String victim = env.createAccount(EmailEnvironment.uniqueAddress("victim"));
    String good = tokenOf(oneClickUrl(env.mime(sendNewsletter(victim))));
    String id = good.substring(good.indexOf('_') + 1);
    char last = good.charAt(good.length() - 1);
    List<String> bad = new ArrayList<>();
    bad.add(good.substring(0, good.length() - 1)); // truncated
    bad.add(good.substring(0, good.length() - 1) + (last == 'a' ? 'b' : 'a')); // one character
    bad.add("k2_" + id); // another key version
    bad.add("k1_" + "a".repeat(26)); // well formed, never issued
    bad.add(good.toUpperCase(java.util.Locale.ROOT));
    bad.add( // the retired format, forged
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    ("v1|a:" + victim + "|all").getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + "A".repeat(43));
    bad.add("not-a-token");
    bad.add("<script>alert(1)</script>");
    bad.add("");
    for (String token : bad) {
      for (String route :
          List.of(
              "unsubscribe-one-click",
              "unsubscribe-page",
              "preferences-page",
              "preferences-save")) {
        HttpResponse response = call(route, token);
        assertThat(response.status()).as(route + " " + token).isBetween(400, 499);
        assertThat(response.headers().get("content-type")).startsWith("text/html");
        assertThat(response.bodyText())
            .contains("This link does not work")
            .doesNotContain("<script>");
      }
    }
    APIGatewayV2HTTPEvent missing = EmailEnvironment.event("unsubscribe-one-click", null);
    missing.setQueryStringParameters(null);
    assertThat(handler.handle(missing).status()).isEqualTo(400);
    assertThat(prefs(victim).updatedAt()).isNull();
  }

  @Test
  void thePreferenceCenterSavesChoicesAndRefusesBadForms() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("center"));
    String token = env.wiring.links().issue("a:" + account, new LinkScope.PreferenceCenter());

    HttpResponse saved = call("preferences-save", token);

    assertThat(saved.status()).isEqualTo(200);
    assertThat(saved.bodyText()).contains("Your preferences were saved");
    Preferences now = prefs(account);
    assertThat(now.refused()).containsExactlyInAnyOrder("newsletter", "offers");
    assertThat(now.trackingRefused()).isFalse();

    for (String body :
        List.of(
            "c=security&action=save",
            "c=nope&action=save",
            "action=explode",
            "action=save&action=unsubscribe-all",
            "c=%ZZ&action=save")) {
      APIGatewayV2HTTPEvent event = EmailEnvironment.event("preferences-save", token);
      event.setBody(body);
      HttpResponse response = handler.handle(event);
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.bodyText()).contains("Nothing was changed");
    }
    APIGatewayV2HTTPEvent json = EmailEnvironment.event("preferences-save", token);
    json.setHeaders(new HashMap<>(Map.of("content-type", "application/json")));
    assertThat(handler.handle(json).status()).isEqualTo(415);
    APIGatewayV2HTTPEvent huge = EmailEnvironment.event("preferences-save", token);
    huge.setBody("c=" + "x".repeat(20_000));
    assertThat(handler.handle(huge).status()).isEqualTo(413);
    assertThat(prefs(account)).isEqualTo(now);

    APIGatewayV2HTTPEvent all = EmailEnvironment.event("preferences-save", token);
    all.setBody("action=unsubscribe-all");
    assertThat(handler.handle(all).bodyText()).contains("unsubscribed from all promotional");
    assertThat(prefs(account).allPromotionalRefused()).isTrue();
    assertThat(
            mailer.send(
                new MailRequest(Recipient.account(account), "product-announcements", NEWS, null)))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.REFUSED));
  }

  @Test
  void signedInPeopleReadAndChangeTheirPreferencesAndBadInputIsA4xx() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("api"));
    String bearer = env.signIn(account);

    APIGatewayV2HTTPEvent get = EmailEnvironment.event("my-preferences-get", null);
    get.setHeaders(new HashMap<>(Map.of("authorization", "Bearer " + bearer)));
    HttpResponse got = handler.handle(get);
    assertThat(got.status()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(got.bodyText());
    assertThat(body.path("categories").size()).isEqualTo(Categories.standard().all().size());

    APIGatewayV2HTTPEvent put = EmailEnvironment.event("my-preferences-put", null);
    put.setHeaders(
        new HashMap<>(
            Map.of("authorization", "Bearer " + bearer, "content-type", "application/json")));
    HttpResponse changed = handler.handle(put);
    assertThat(changed.status()).isEqualTo(200);
    assertThat(prefs(account).refused()).containsExactly("newsletter");
    assertThat(prefs(account).trackingRefused()).isTrue();
    Preferences before = prefs(account);

    for (String bad :
        List.of(
            "{",
            "[]",
            "{}",
            "{\"categories\":{\"security\":false}}",
            "{\"categories\":{\"unknown\":true}}",
            "{\"categories\":{\"newsletter\":\"yes\"}}",
            "{\"categories\":[\"newsletter\"]}",
            "{\"trackingRefused\":1}",
            "{\"categories\":{\"offers\":false},\"allPromotionalRefused\":\"x\"}")) {
      put.setBody(bad);
      HttpResponse response = handler.handle(put);
      assertThat(response.status()).as(bad).isEqualTo(400);
      assertThat(Json.MAPPER.readTree(response.bodyText()).has("error")).isTrue();
    }
    put.setBody("{\"trackingRefused\":false,\"pad\":\"" + "x".repeat(10_000) + "\"}");
    assertThat(handler.handle(put).status()).isEqualTo(413);
    assertThat(prefs(account)).isEqualTo(before);

    APIGatewayV2HTTPEvent anonymous = EmailEnvironment.event("my-preferences-get", null);
    assertThat(handler.handle(anonymous).status()).isEqualTo(401);
    anonymous.setHeaders(new HashMap<>(Map.of("authorization", "Bearer " + "A".repeat(43))));
    assertThat(handler.handle(anonymous).status()).isEqualTo(401);
    assertThat(handler.unservedRoutes()).isEmpty();
  }
}
