package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's "Done when", tried as a new user would through the local cloud with the real email and
 * accounts handlers: accounts created over HTTP, a promotional campaign whose messages land in the
 * SES emulator with RFC 8058 headers, the one-click POST unsubscribing, a second campaign skipping
 * that person while a transactional policy-change notice still reaches them.
 */
// sets the tracking token after the start
@WithLocalCloud(group = "email")
class EmailEndToEndTest {
  private static final Pattern SES_LINE = Pattern.compile("SES v2 emulator (\\S+)");
  private static final Pattern HTTPS_LINK =
      Pattern.compile("<(http[^>]+/email/unsubscribe\\?t=[^>]+)>");

  private static LocalCloud cloud;
  private static URI ses;

  @BeforeAll
  static void findTheSesEmulator(TestLocalCloud started) throws Exception {
    cloud = started.cloud;
    // where a new user reads it: the startup lines
    Matcher m = SES_LINE.matcher(started.startupLines());
    assertThat(m.find()).as(started.startupLines()).isTrue();
    ses = URI.create(m.group(1));
    assertThat(cloud.emulators().sesEndpoint()).hasValue(ses);
    // The open pixel reports to an analytics project of our own; the mailer reads its token when
    // the email functions start, which is after this (they start on their first invocation).
    // A first-party project: its distinct_ids are account pseudonyms, so account-level
    // restrictions, exports and erasure apply in it.
    JsonNode project =
        CloudUser.invoke(
            cloud,
            "EventProjects",
            CloudUser.JSON.readTree(
                Files.readString(
                    TestFiles.events().resolve("EventProjects/create-first-party-project.json"))));
    trackingSecret = project.path("secret").asText();
    System.setProperty(TRACKING_TOKEN, project.path("token").asText());
  }

  private static final String TRACKING_TOKEN = "EMAIL_TRACKING_TOKEN";
  private static final Pattern PIXEL = Pattern.compile("src=\"([^\"]*/track\\?data=[^\"]+)\"");
  private static String trackingSecret;

  @AfterAll
  static void stopLocalCloud() {
    System.clearProperty(TRACKING_TOKEN);
  }

  private static ObjectNode campaign(String category, String subject, List<String> accountIds)
      throws IOException {
    ObjectNode event =
        (ObjectNode)
            CloudUser.JSON.readTree(
                Files.readString(TestFiles.events().resolve("Campaigns/newsletter.json")));
    event.put("campaignId", "e2e-" + UUID.randomUUID().toString().substring(0, 8));
    event.put("category", category);
    event.put("subject", subject);
    var ids = event.putArray("accountIds");
    accountIds.forEach(ids::add);
    return event;
  }

  /** {@code GET <ses>/store}: the mails addressed to this address, oldest first. */
  private static List<JsonNode> mailTo(String address) throws Exception {
    HttpResponse<String> store =
        CloudUser.send(HttpRequest.newBuilder(ses.resolve("/store")).GET().build());
    assertThat(store.statusCode()).isEqualTo(200);
    List<JsonNode> mails = new ArrayList<>();
    for (JsonNode mail : CloudUser.JSON.readTree(store.body()).path("emails")) {
      if (StreamSupport.stream(mail.path("destination").path("to").spliterator(), false)
          .anyMatch(to -> to.asText().equalsIgnoreCase(address))) {
        mails.add(mail);
      }
    }
    return mails;
  }

  private static List<JsonNode> mailTo(String address, String subject) throws Exception {
    return mailTo(address).stream()
        .filter(m -> m.path("subject").asText().equals(subject))
        .toList();
  }

  /** The message as MIME, as the emulator renders it ({@code /get-emlContent}), parsed. */
  private static MimeMessage mime(JsonNode mail) throws Exception {
    String messageId = mail.path("messageId").asText();
    HttpResponse<String> response =
        CloudUser.send(
            HttpRequest.newBuilder(ses.resolve("/get-emlContent?messageId=" + messageId))
                .GET()
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode data = CloudUser.JSON.readTree(response.body()).path("body").path("data");
    byte[] raw = new byte[data.size()];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) data.get(i).intValue();
    }
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
  }

  private static List<String> partTypes(Part part) throws Exception {
    List<String> types = new ArrayList<>();
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        types.addAll(partTypes(multipart.getBodyPart(i)));
      }
    } else {
      types.add(part.getContentType().split(";")[0].trim().toLowerCase(java.util.Locale.ROOT));
    }
    return types;
  }

  /** The one-click URL of List-Unsubscribe, moved onto the local cloud if the host differs. */
  private static URI oneClick(String listUnsubscribe) {
    Matcher m = HTTPS_LINK.matcher(listUnsubscribe);
    assertThat(m.find()).as(listUnsubscribe).isTrue();
    URI link = URI.create(m.group(1));
    return cloud.baseUri().resolve(link.getRawPath() + "?" + link.getRawQuery());
  }

  @Test
  void aPromotionalCampaignSendsMessagesWithWorkingOneClickUnsubscribeHeaders() throws Exception {
    CloudUser ann = CloudUser.signUp(cloud, "ann-news");
    CloudUser bob = CloudUser.signUp(cloud, "bob-news");
    String subject = "What is new in January " + UUID.randomUUID();

    JsonNode report =
        CloudUser.invoke(
            cloud,
            "Campaigns",
            campaign("newsletter", subject, List.of(ann.accountId, bob.accountId)));

    assertThat(report.path("sent").asInt()).as(report.toString()).isEqualTo(2);
    assertThat(report.path("complete").asBoolean()).isTrue();
    List<JsonNode> annsMail = mailTo(ann.email, subject);
    assertThat(annsMail).hasSize(1);
    assertThat(mailTo(bob.email, subject)).hasSize(1);
    MimeMessage message = mime(annsMail.get(0));
    assertThat(message.getSubject()).isEqualTo(subject);
    String[] listUnsubscribe = message.getHeader("List-Unsubscribe");
    String[] listUnsubscribePost = message.getHeader("List-Unsubscribe-Post");
    assertThat(listUnsubscribe).as("List-Unsubscribe").isNotNull().hasSize(1);
    assertThat(listUnsubscribe[0]).contains("/email/unsubscribe?t=").contains("<mailto:");
    assertThat(listUnsubscribePost)
        .as("List-Unsubscribe-Post")
        .containsExactly("List-Unsubscribe=One-Click");
    assertThat(partTypes(message)).contains("text/plain", "text/html");
    // no address in clear in the link
    assertThat(listUnsubscribe[0]).doesNotContain(ann.email).doesNotContain("%40");
  }

  @Test
  void postingTheOneClickUrlUnsubscribesAndTheNextCampaignSkipsThatPersonButNotAPolicyNotice()
      throws Exception {
    CloudUser leaver = CloudUser.signUp(cloud, "leaver");
    CloudUser stayer = CloudUser.signUp(cloud, "stayer");
    List<String> both = List.of(leaver.accountId, stayer.accountId);
    String first = "Newsletter one " + UUID.randomUUID();
    CloudUser.invoke(cloud, "Campaigns", campaign("newsletter", first, both));
    MimeMessage received = mime(mailTo(leaver.email, first).get(0));
    URI oneClick = oneClick(received.getHeader("List-Unsubscribe")[0]);

    // what a mail client does for RFC 8058: POST the body, no cookies, no further step
    HttpResponse<String> unsubscribed =
        CloudUser.send(
            HttpRequest.newBuilder(oneClick)
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .build());
    assertThat(unsubscribed.statusCode()).as(unsubscribed.body()).isEqualTo(200);
    // using it twice is harmless
    assertThat(
            CloudUser.send(
                    HttpRequest.newBuilder(oneClick)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                        .build())
                .statusCode())
        .isEqualTo(200);

    String second = "Newsletter two " + UUID.randomUUID();
    JsonNode secondReport =
        CloudUser.invoke(cloud, "Campaigns", campaign("newsletter", second, both));
    String notice = "Our privacy policy is changing " + UUID.randomUUID();
    JsonNode noticeReport =
        CloudUser.invoke(cloud, "Campaigns", campaign("policy-change", notice, both));

    assertThat(secondReport.path("sent").asInt()).as(secondReport.toString()).isEqualTo(1);
    assertThat(secondReport.path("skipped").asInt()).as(secondReport.toString()).isEqualTo(1);
    assertThat(mailTo(leaver.email, second)).isEmpty();
    assertThat(mailTo(stayer.email, second)).hasSize(1);
    assertThat(noticeReport.path("sent").asInt()).as(noticeReport.toString()).isEqualTo(2);
    List<JsonNode> leaversNotice = mailTo(leaver.email, notice);
    assertThat(leaversNotice).hasSize(1);
    MimeMessage transactional = mime(leaversNotice.get(0));
    assertThat(transactional.getHeader("List-Unsubscribe")).isNull();
    // and the signed-in preferences say the same
    HttpResponse<String> preferences = leaver.get("/v1/me/email-preferences");
    assertThat(preferences.statusCode()).as(preferences.body()).isEqualTo(200);
    assertThat(preferences.body()).contains("newsletter");
  }

  /** The text of the message's HTML part. */
  private static String html(Part part) throws Exception {
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String found = html(multipart.getBodyPart(i));
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    return part.isMimeType("text/html") ? part.getContent().toString() : null;
  }

  /** {@code POST /_local/mail}: the local cloud's inbound-mail entry point (SES receiving). */
  private static HttpResponse<String> receive(byte[] raw, String envelopeTo) throws Exception {
    String query =
        envelopeTo == null
            ? ""
            : "?to="
                + java.net.URLEncoder.encode(envelopeTo, java.nio.charset.StandardCharsets.UTF_8);
    return CloudUser.send(
        HttpRequest.newBuilder(cloud.baseUri().resolve("/_local/mail" + query))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "message/rfc822")
            .POST(HttpRequest.BodyPublishers.ofByteArray(raw))
            .build());
  }

  @Test
  void mailtoUnsubscribeThroughTheInboundMailEntryPointStopsPromotionalMail() throws Exception {
    CloudUser writer = CloudUser.signUp(cloud, "mailto-writer");
    String first = "Mailto newsletter " + UUID.randomUUID();
    CloudUser.invoke(cloud, "Campaigns", campaign("newsletter", first, List.of(writer.accountId)));
    String header = mime(mailTo(writer.email, first).get(0)).getHeader("List-Unsubscribe")[0];
    Matcher mailto = Pattern.compile("<mailto:([^?>]+)\\?subject=([^>]+)>").matcher(header);
    assertThat(mailto.find()).as(header).isTrue();
    String address = mailto.group(1);
    String subject = java.net.URLDecoder.decode(mailto.group(2), UTF_8);

    // what the person's mail client sends, built with a real MIME library
    MimeMessage reply = new MimeMessage(Session.getInstance(new Properties()));
    reply.setFrom(new jakarta.mail.internet.InternetAddress(writer.email));
    reply.setRecipients(jakarta.mail.Message.RecipientType.TO, address);
    reply.setSubject(subject, "UTF-8");
    reply.setText("Please unsubscribe me.", "UTF-8");
    reply.saveChanges();
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    reply.writeTo(raw);

    HttpResponse<String> received = receive(raw.toByteArray(), address);

    assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
    assertThat(received.body()).contains("unsubscribed=1");
    String second = "Mailto newsletter two " + UUID.randomUUID();
    JsonNode report =
        CloudUser.invoke(
            cloud, "Campaigns", campaign("newsletter", second, List.of(writer.accountId)));
    assertThat(report.path("skipped").asInt()).as(report.toString()).isEqualTo(1);
    assertThat(mailTo(writer.email, second)).isEmpty();

    // a forged token changes nothing and is not an error; oversized and empty are refused
    byte[] forged =
        ("To: unsubscribe+k1_" + "q".repeat(26) + "@privacyfirst.local\r\nSubject: x\r\n\r\nhi\r\n")
            .getBytes(UTF_8);
    HttpResponse<String> ignored = receive(forged, null);
    assertThat(ignored.statusCode()).isEqualTo(200);
    assertThat(ignored.body()).contains("invalidToken=1");
    assertThat(receive(new byte[200 * 1024], null).statusCode()).isEqualTo(413);
    assertThat(receive(new byte[0], null).statusCode()).isEqualTo(400);
  }

  @Test
  void openingAPromotionalMessageRecordsAnOpenEventWithoutAnIp() throws Exception {
    CloudUser reader = CloudUser.signUp(cloud, "pixel-reader");
    String subject = "Pixel news " + UUID.randomUUID();
    CloudUser.invoke(
        cloud, "Campaigns", campaign("newsletter", subject, List.of(reader.accountId)));
    String body = html(mime(mailTo(reader.email, subject).get(0)));
    Matcher pixel = PIXEL.matcher(body);
    assertThat(pixel.find()).as(body).isTrue();
    URI link = URI.create(pixel.group(1).replace("&amp;", "&"));
    assertThat(link.getRawQuery()).contains("ip=0").contains("img=1");

    // What a mail client does when it shows images: a plain GET from the reader's address.
    HttpResponse<byte[]> image =
        CloudUser.HTTP.send(
            HttpRequest.newBuilder(
                    cloud.baseUri().resolve(link.getRawPath() + "?" + link.getRawQuery()))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("content-type")).hasValue("image/gif");

    String data =
        java.net.URLDecoder.decode(link.getRawQuery().replaceAll(".*data=([^&]+).*", "$1"), UTF_8);
    JsonNode event = CloudUser.JSON.readTree(java.util.Base64.getDecoder().decode(data));
    String distinctId = event.path("properties").path("distinct_id").asText();
    // The account's one analytics identity, as GET /v1/me tells the client; never the account id.
    String analyticsId =
        CloudUser.JSON.readTree(reader.get("/v1/me").body()).path("analyticsId").asText();
    assertThat(distinctId).isEqualTo(analyticsId).doesNotContain(reader.accountId);
    JsonNode events = projectExport(distinctId);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("event").asText()).isEqualTo("Email opened");
    assertThat(events.toString()).doesNotContain("127.0.0.1").doesNotContain("\"ip\"");
  }

  private static JsonNode projectExport(String distinctId) throws Exception {
    HttpResponse<String> export =
        CloudUser.send(
            HttpRequest.newBuilder(
                    cloud.baseUri().resolve("/v1/events/export?distinct_id=" + distinctId))
                .header(
                    "authorization",
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString((trackingSecret + ":").getBytes(UTF_8)))
                .GET()
                .build());
    assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
    return CloudUser.JSON.readTree(export.body()).path("events");
  }

  private static URI pixelOf(CloudUser user, String subject) throws Exception {
    String body = html(mime(mailTo(user.email, subject).get(0)));
    Matcher pixel = PIXEL.matcher(body);
    return pixel.find() ? URI.create(pixel.group(1).replace("&amp;", "&")) : null;
  }

  private static void open(URI link) throws Exception {
    HttpResponse<byte[]> image =
        CloudUser.HTTP.send(
            HttpRequest.newBuilder(
                    cloud.baseUri().resolve(link.getRawPath() + "?" + link.getRawQuery()))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(image.statusCode()).isEqualTo(200);
  }

  @Test
  void someoneWhoOptedOutOfTrackingOpensAPromotionalMessageAndNoOpenEventIsStored()
      throws Exception {
    CloudUser reader = CloudUser.signUp(cloud, "opted-out");
    String analyticsId =
        CloudUser.JSON.readTree(reader.get("/v1/me").body()).path("analyticsId").asText();
    String before = "Before opt-out " + UUID.randomUUID();
    CloudUser.invoke(cloud, "Campaigns", campaign("newsletter", before, List.of(reader.accountId)));
    URI sentBeforeOptOut = pixelOf(reader, before);
    assertThat(sentBeforeOptOut).isNotNull();

    HttpResponse<String> optOut =
        CloudUser.send(
            reader
                .authed("/v1/me/consents")
                .header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"trackingOptOut\":true}"))
                .build());
    assertThat(optOut.statusCode()).as(optOut.body()).isEqualTo(200);
    // A message sent after the opt-out has no pixel at all; one sent before still has it, and
    // opening it stores nothing: ingestion reads the restriction at write time.
    String after = "After opt-out " + UUID.randomUUID();
    CloudUser.invoke(cloud, "Campaigns", campaign("newsletter", after, List.of(reader.accountId)));
    assertThat(pixelOf(reader, after)).isNull();
    open(sentBeforeOptOut);

    assertThat(projectExport(analyticsId)).isEmpty();
  }

  @Test
  void someoneWhoAskedForDeletionGetsNoPromotionalMailDuringTheGracePeriod() throws Exception {
    CloudUser leaving = CloudUser.signUp(cloud, "grace");
    HttpResponse<String> deleted = leaving.delete("/v1/me");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
    String subject = "During grace " + UUID.randomUUID();

    JsonNode report =
        CloudUser.invoke(
            cloud, "Campaigns", campaign("newsletter", subject, List.of(leaving.accountId)));

    assertThat(report.path("sent").asInt()).as(report.toString()).isZero();
    assertThat(mailTo(leaving.email, subject)).isEmpty();
  }
}
