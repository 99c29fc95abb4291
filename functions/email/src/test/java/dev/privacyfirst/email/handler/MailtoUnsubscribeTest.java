package dev.privacyfirst.email.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.domain.LinkScope;
import dev.privacyfirst.email.domain.LinkToken;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Preferences;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The mailto unsubscribe channel end to end on the function's side: a promotional mail from the
 * mailer (SES emulator), its List-Unsubscribe mailto address answered by a message built with Angus
 * Mail, delivered as the SES receipt rule's SNS action delivers it, to the inbound-mail handler.
 */
@Tag("emulators")
class MailtoUnsubscribeTest {
  private static final MessageContent NEWS = new MessageContent("Mailto news", List.of("Hi."));
  private static EmailEnvironment env;
  private static Mailer mailer;
  private static InboundMailHandler handler;

  @BeforeAll
  static void start() {
    env = new EmailEnvironment("https://api.privacyfirst.test");
    mailer = env.wiring.mailer();
    handler = new InboundMailHandler(env.wiring.mailtoUnsubscribe());
  }

  private record Mailto(String address, String subject) {}

  /** The mailto URI of the newsletter's List-Unsubscribe header, as a mail client reads it. */
  private static Mailto mailtoOfANewsletterTo(String account) throws Exception {
    SendResult sent =
        mailer.send(new MailRequest(Recipient.account(account), "newsletter", NEWS, null));
    assertThat(sent).isInstanceOf(SendResult.Sent.class);
    MimeMessage message = env.mime(((SendResult.Sent) sent).messageId());
    Matcher m =
        Pattern.compile("<(mailto:[^>]+)>").matcher(message.getHeader("List-Unsubscribe", null));
    assertThat(m.find()).isTrue();
    // mailto:<address>?subject=<percent-encoded> (RFC 6068)
    String mailto = m.group(1).substring("mailto:".length());
    int q = mailto.indexOf('?');
    assertThat(mailto.substring(q + 1)).startsWith("subject=");
    return new Mailto(
        mailto.substring(0, q),
        URLDecoder.decode(mailto.substring(q + 1 + "subject=".length()), StandardCharsets.UTF_8));
  }

  /** A reply built with a real MIME library, as the person's mail client sends it. */
  private static byte[] message(String to, String subject, String body) throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress("person@example.net", "Person Sending"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    message.setSubject(subject, "UTF-8");
    message.setText(body, "UTF-8");
    message.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toByteArray();
  }

  /** The SNS event of the SES receipt rule's SNS action (base64 content). */
  static SNSEvent received(byte[] raw, List<String> envelopeRecipients) {
    ObjectNode notification = Json.MAPPER.createObjectNode().put("notificationType", "Received");
    notification.putObject("mail").put("messageId", "inbound-" + System.nanoTime());
    ObjectNode receipt = notification.putObject("receipt");
    envelopeRecipients.forEach(r -> receipt.withArray("recipients").add(r));
    receipt.putObject("action").put("type", "SNS").put("encoding", "BASE64");
    notification.put("content", Base64.getEncoder().encodeToString(raw));
    return sns(notification.toString());
  }

  static SNSEvent sns(String message) {
    SNSEvent.SNS sns = new SNSEvent.SNS();
    sns.setMessage(message);
    sns.setType("Notification");
    SNSEvent.SNSRecord record = new SNSEvent.SNSRecord();
    record.setSns(sns);
    SNSEvent event = new SNSEvent();
    event.setRecords(List.of(record));
    return event;
  }

  private static Preferences prefs(String account) {
    return env.wiring.preferences().get("a:" + account);
  }

  @Test
  void mailtoUnsubscribeStopsPromotionalMail() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("mailto"));
    Mailto mailto = mailtoOfANewsletterTo(account);
    assertThat(mailto.address()).matches("unsubscribe\\+k1_[a-z2-7]{26}@privacyfirst\\.local");

    String result =
        handler.handleRequest(
            received(
                message(mailto.address(), mailto.subject(), "unsubscribe"),
                List.of(mailto.address())),
            null);

    assertThat(result).startsWith("unsubscribed=1 ");
    assertThat(prefs(account).refused()).containsExactly("newsletter");
    assertThat(mailer.send(new MailRequest(Recipient.account(account), "newsletter", NEWS, null)))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.REFUSED));
    // A redelivery of the same message changes nothing more.
    handler.handleRequest(
        received(
            message(mailto.address(), mailto.subject(), "unsubscribe"), List.of(mailto.address())),
        null);
    assertThat(prefs(account).refused()).containsExactly("newsletter");
  }

  @Test
  void theSubjectAloneIsEnoughWhenTheClientDropsTheSubAddress() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("subject"));
    Mailto mailto = mailtoOfANewsletterTo(account);
    // A non-ASCII word makes Angus encode the subject (RFC 2047); the handler decodes it.
    String subject = "Désabonner: " + mailto.subject();

    String result =
        handler.handleRequest(
            received(
                message("unsubscribe@privacyfirst.local", subject, ""),
                List.of("unsubscribe@privacyfirst.local")),
            null);

    assertThat(result).startsWith("unsubscribed=1 ");
    assertThat(prefs(account).refused()).containsExactly("newsletter");
  }

  @Test
  void anOldFormatMailtoStillUnsubscribes() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("old-mailto"));
    String old = env.wiring.legacyLinkTokens().sign(new LinkToken("a:" + account, "offers"));

    handler.handleRequest(
        received(message("unsubscribe@privacyfirst.local", "unsubscribe " + old, ""), List.of()),
        null);

    assertThat(prefs(account).refused()).containsExactly("offers");
  }

  @Test
  void forgedUnknownMissingAndOversizedMessagesAreIgnoredWithoutAnError() throws Exception {
    String account = env.createAccount(EmailEnvironment.uniqueAddress("ignored"));
    String preferenceToken =
        env.wiring.links().issue("a:" + account, new LinkScope.PreferenceCenter());
    String forged = "unsubscribe+k1_" + "q".repeat(26) + "@privacyfirst.local";
    String elsewhere =
        "unsubscribe+"
            + mailtoOfANewsletterTo(account).address().substring(12, 41)
            + "@evil.example";

    assertThat(
            handler.handleRequest(
                received(message(forged, "unsubscribe", ""), List.of(forged)), null))
        .contains("invalidToken=1");
    // A preference link does more than unsubscribe: the mailbox does not take it.
    assertThat(
            handler.handleRequest(
                received(
                    message("unsubscribe@privacyfirst.local", "unsubscribe " + preferenceToken, ""),
                    List.of()),
                null))
        .contains("invalidToken=1");
    assertThat(
            handler.handleRequest(
                received(message("unsubscribe@privacyfirst.local", "please stop", ""), List.of()),
                null))
        .contains("noToken=1");
    // A real token at another domain's mailbox is not ours to read.
    assertThat(
            handler.handleRequest(received(message(elsewhere, "hi", ""), List.of(elsewhere)), null))
        .contains("noToken=1");
    assertThat(
            handler.handleRequest(
                received(message(forged, "unsubscribe", "x".repeat(200_000)), List.of(forged)),
                null))
        .contains("unreadable=1");
    assertThat(handler.handleRequest(sns("{\"notificationType\":\"Bounce\"}"), null))
        .contains("unreadable=1");
    assertThat(handler.handleRequest(sns("not json"), null)).contains("unreadable=1");
    assertThat(handler.handleRequest(sns(null), null)).contains("unreadable=1");
    assertThat(handler.handleRequest(new SNSEvent(), null))
        .isEqualTo("unsubscribed=0 noToken=0 invalidToken=0 unreadable=0");
    assertThat(prefs(account).updatedAt()).isNull();
  }

  @Test
  void aStoreFailureIsRethrownSoTheDeliveryIsRetried() throws Exception {
    Map<String, String> values = new HashMap<>(env.settings);
    values.put(Tables.EMAIL.envVar(), "no-such-table");
    Config broken = Config.of(values);
    InboundMailHandler failing =
        new InboundMailHandler(
            new EmailWiring(broken, Clock.systemUTC(), false).mailtoUnsubscribe());
    String to = "unsubscribe+k1_" + "q".repeat(26) + "@privacyfirst.local";

    assertThatThrownBy(
            () -> failing.handleRequest(received(message(to, "", ""), List.of(to)), null))
        .isInstanceOf(DependencyFailure.class);
    // Through Lambda's entry point it still fails, so the delivery is retried, but without the
    // messages the runtime would write to the log with the failure.
    ObjectNode sns = Json.MAPPER.createObjectNode();
    sns.putArray("Records")
        .addObject()
        .putObject("Sns")
        .put(
            "Message",
            received(message(to, "", ""), List.of(to)).getRecords().get(0).getSNS().getMessage());
    byte[] delivery = Json.MAPPER.writeValueAsBytes(sns);
    assertThatThrownBy(
            () ->
                failing.handleRequest(
                    new java.io.ByteArrayInputStream(delivery),
                    new java.io.ByteArrayOutputStream(),
                    null))
        .isInstanceOf(dev.privacyfirst.common.logging.RedactedFailure.class)
        .hasMessage(DependencyFailure.class.getName());
  }
}
