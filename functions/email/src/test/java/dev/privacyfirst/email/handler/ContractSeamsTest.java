package dev.privacyfirst.email.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.adapter.DynamoSuppressionStore;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import dev.privacyfirst.email.domain.Suppression;
import dev.privacyfirst.rights.domain.Restriction;
import dev.privacyfirst.rights.domain.Restrictions;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where the email capability meets the subject-rights contract: restrictions read at send time, the
 * one analytics pseudonym in the open pixel, links that outlive an erasure, and an erased address
 * that someone signs up with again.
 */
@Tag("emulators")
class ContractSeamsTest {
  private static final String BASE = "https://api.privacyfirst.test";
  private static final MessageContent NEWS =
      new MessageContent("News", List.of("Hello.", "Second paragraph."));
  private static EmailEnvironment env;
  private static Mailer mailer;

  @BeforeAll
  static void start() {
    env = new EmailEnvironment(BASE);
    mailer = env.wiring.mailer();
  }

  private static Restrictions restrictions() {
    return env.wiring.contract().restrictions();
  }

  private static SendResult newsletter(String account) {
    return mailer.send(new MailRequest(Recipient.account(account), "newsletter", NEWS, "c1"));
  }

  private static String html(MimeMessage message) throws Exception {
    Multipart multipart = (Multipart) message.getContent();
    for (int i = 0; i < multipart.getCount(); i++) {
      if (multipart.getBodyPart(i).isMimeType("text/html")) {
        return multipart.getBodyPart(i).getContent().toString();
      }
    }
    throw new AssertionError("no html part");
  }

  /** The open pixel's event, decoded from its Mixpanel-style data parameter; null without one. */
  private static JsonNode pixelEvent(String html) throws Exception {
    Matcher m = Pattern.compile("/track\\?data=([^&\"]+)").matcher(html);
    if (!m.find()) {
      return null;
    }
    String data = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    return Json.MAPPER.readTree(Base64.getDecoder().decode(data));
  }

  @Test
  void theOpenPixelNamesTheAccountsPseudonymNeverItsId() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("pixel"));

    SendResult sent = newsletter(account);

    JsonNode event = pixelEvent(html(env.mime(((SendResult.Sent) sent).messageId())));
    String distinctId = event.at("/properties/distinct_id").asText();
    assertThat(distinctId).isEqualTo(restrictions().pseudonymOf(account));
    assertThat(distinctId).doesNotContain(account);
  }

  @Test
  void anAccountThatRestrictedTrackingGetsMailWithoutAnOpenPixel() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("notrack"));
    restrictions()
        .setForAccount(account, Restriction.TRACKING, Restrictions.BY_PERSON, true, Instant.now());

    SendResult sent = newsletter(account);

    assertThat(sent).isInstanceOf(SendResult.Sent.class);
    assertThat(pixelEvent(html(env.mime(((SendResult.Sent) sent).messageId())))).isNull();
  }

  @Test
  void anAccountWhoseDeletionIsPendingGetsNoPromotionalMailButItsNoticesStillArrive() {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("pending"));
    restrictions()
        .setForAccount(
            account,
            Restriction.PROMOTIONAL_MAIL,
            Restrictions.BY_DELETION_REQUEST,
            true,
            Instant.now());

    assertThat(newsletter(account)).isEqualTo(new SendResult.Skipped(SendResult.Reason.RESTRICTED));
    var answer =
        new AccountNoticesHandler(mailer)
            .handleRequest(
                java.util.Map.of(
                    "accountId",
                    account,
                    "category",
                    "deletion-confirmation",
                    "subject",
                    "Your account deletion request",
                    "paragraphs",
                    List.of("We received your request.")),
                null);
    assertThat(answer.get("sent")).isEqualTo(true);
  }

  @Test
  void aNoticeWhoseContentIsNotAMessageIsAnsweredWithTheErrorMapAndSendsNothing() {
    String address = EmailEnvironment.uniqueAddress("bad-notice");
    String account = env.createAccount(address);
    AccountNoticesHandler notices = new AccountNoticesHandler(mailer);
    for (var content :
        List.of(
            java.util.Map.entry("Two\nlines", List.of("p")),
            java.util.Map.entry("x".repeat(201), List.of("p")),
            java.util.Map.entry("No paragraph", List.<String>of()))) {
      var input =
          java.util.Map.<String, Object>of(
              "accountId",
              account,
              "category",
              "deletion-confirmation",
              "subject",
              content.getKey(),
              "paragraphs",
              content.getValue());
      assertThat(notices.handleRequest(input, null).get("error"))
          .as(content.toString())
          .isEqualTo("invalid_input");
    }
    assertThat(env.mailTo(address)).isEmpty();
  }

  @Test
  void aNoticeOfAPromotionalCategoryIsRefusedAndSendsNothing() {
    String address = EmailEnvironment.uniqueAddress("promo-notice");
    String account = env.createAccount(address);

    var answer =
        new AccountNoticesHandler(mailer)
            .handleRequest(
                java.util.Map.of(
                    "accountId",
                    account,
                    "category",
                    "newsletter",
                    "subject",
                    "Buy",
                    "paragraphs",
                    List.of("now")),
                null);

    assertThat(answer.get("error")).isEqualTo("invalid_input");
    assertThat(env.mailTo(address)).isEmpty();
  }

  @Test
  void aPreferenceLinkUsedAfterErasureChangesAndRecreatesNothing() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("erased"));
    String token =
        env.wiring
            .links()
            .issue("a:" + account, new dev.privacyfirst.email.domain.LinkScope.PreferenceCenter());
    // The purge's last step forgets the account's directory entry (and its key is destroyed).
    env.wiring.contract().addresses().forget(account);
    env.wiring.erasure().eraseAccountPreferences(account);

    HttpResponse page =
        env.linksHandler().handle(EmailEnvironment.event("unsubscribe-one-click", token));

    assertThat(page.status()).isBetween(400, 499);
    assertThat(
            env.wiring
                .dynamo()
                .getItem(
                    r ->
                        r.tableName(Tables.name(env.config, Tables.EMAIL))
                            .key(
                                java.util.Map.of(
                                    Tables.PK,
                                    software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                        .fromS("PREFS#a:" + account),
                                    Tables.SK,
                                    software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                        .fromS("PREFS")))
                            .consistentRead(true))
                .hasItem())
        .isFalse();
  }

  @Test
  void signingUpAgainWithAnErasedAddressLiftsTheErasureSuppressionOnly() {
    String erased = EmailEnvironment.uniqueAddress("back");
    String bounced = EmailEnvironment.uniqueAddress("bounced");
    DynamoSuppressionStore suppressions =
        new DynamoSuppressionStore(env.wiring.dynamo(), Tables.name(env.config, Tables.EMAIL));
    String erasedHash = env.wiring.addressHasher().hash(erased);
    String bouncedHash = env.wiring.addressHasher().hash(bounced);
    env.wiring.erasure().eraseAddress(erasedHash);
    suppressions.record(bouncedHash, Suppression.ALL, "b1", "bounce", Instant.now());
    // A bare address that was erased gets nothing.
    assertThat(mailer.send(new MailRequest(Recipient.address(erased), "policy-change", NEWS, null)))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));

    // Someone signs up with each address: the directory holds their new accounts.
    String back = env.createAccount(erased);
    String stillBounced = env.createAccount(bounced);

    assertThat(newsletter(back)).isInstanceOf(SendResult.Sent.class);
    assertThat(suppressions.find(erasedHash)).isEmpty();
    assertThat(newsletter(stillBounced))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));
    assertThat(suppressions.find(bouncedHash)).contains(Suppression.ALL);
  }

  private static java.util.Map<String, Object> sealedNotice(
      String account, String sealed, String category) {
    return java.util.Map.of(
        "accountId",
        account,
        "category",
        category,
        "subject",
        "Confirm your address",
        "paragraphs",
        List.of("Open the link."),
        "sealedRecipient",
        sealed);
  }

  @Test
  void aNoticeWithASealedRecipientGoesToThatAddressNotToTheAccountsVerifiedOne() {
    String verified = EmailEnvironment.uniqueAddress("verified");
    String fresh = EmailEnvironment.uniqueAddress("fresh");
    String account = env.createAccount(verified);
    String sealed =
        env.vault.seal(account, dev.privacyfirst.rights.domain.Notice.RECIPIENT_FIELD, fresh);

    var answer =
        new AccountNoticesHandler(mailer)
            .handleRequest(sealedNotice(account, sealed, "address-verification"), null);

    assertThat(answer.get("sent")).isEqualTo(true);
    assertThat(env.mailTo(fresh)).hasSize(1);
    assertThat(env.mailTo(verified)).isEmpty();
  }

  @Test
  void anAddressSealedForAnotherFieldIsNotARecipient() {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("field"));
    String other = EmailEnvironment.uniqueAddress("other-field");
    String sealedAsEmail = env.vault.seal(account, "email", other);

    var answer =
        new AccountNoticesHandler(mailer)
            .handleRequest(sealedNotice(account, sealedAsEmail, "address-verification"), null);

    assertThat(answer.get("sent")).isEqualTo(false);
    assertThat(env.mailTo(other)).isEmpty();
  }

  @Test
  void onlyTheVerificationMailPassesAnErasureMarkerAndItLiftsNothing() {
    String erased = EmailEnvironment.uniqueAddress("erased-verify");
    String erasedHash = env.wiring.addressHasher().hash(erased);
    env.wiring.erasure().eraseAddress(erasedHash);
    DynamoSuppressionStore suppressions =
        new DynamoSuppressionStore(env.wiring.dynamo(), Tables.name(env.config, Tables.EMAIL));
    // A sign-up not yet verified: an account id with a key, not in the directory.
    String pending = java.util.UUID.randomUUID().toString();
    String sealed =
        env.vault.seal(pending, dev.privacyfirst.rights.domain.Notice.RECIPIENT_FIELD, erased);
    AccountNoticesHandler notices = new AccountNoticesHandler(mailer);

    assertThat(notices.handleRequest(sealedNotice(pending, sealed, "security"), null).get("sent"))
        .isEqualTo(false);
    assertThat(
            notices
                .handleRequest(sealedNotice(pending, sealed, "address-verification"), null)
                .get("sent"))
        .isEqualTo(true);

    assertThat(env.mailTo(erased)).hasSize(1);
    assertThat(suppressions.find(erasedHash)).contains(Suppression.ERASED);
  }
}
