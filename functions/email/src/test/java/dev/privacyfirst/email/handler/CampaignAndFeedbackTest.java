package dev.privacyfirst.email.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.adapter.DynamoCampaignLedger;
import dev.privacyfirst.email.domain.CampaignLedger;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import dev.privacyfirst.testkit.SampleEvents;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Campaigns and SES feedback against DynamoDB Local and the SES emulator. */
@Tag("emulators")
class CampaignAndFeedbackTest {
  private static EmailEnvironment env;
  private static Mailer mailer;
  private static CampaignsHandler campaigns;
  private static EmailLinksHandler links;
  private static SesNotificationsHandler notifications;

  @BeforeAll
  static void start() {
    env = new EmailEnvironment("https://api.privacyfirst.test");
    mailer = env.wiring.mailer();
    campaigns = new CampaignsHandler(env.wiring.campaigns(d -> {}), java.time.Clock.systemUTC());
    links = env.linksHandler();
    notifications = new SesNotificationsHandler(env.wiring.feedback());
  }

  private static Map<String, Object> campaign(String id, List<String> accounts) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> input =
        Json.MAPPER.readValue(SampleEvents.text("Campaigns", "newsletter.json"), Map.class);
    Map<String, Object> copy = new HashMap<>(input);
    copy.put("campaignId", id);
    copy.put("accountIds", accounts);
    return copy;
  }

  private static String newId() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aSecondCampaignSkipsTheUnsubscribedPersonButATransactionalNoticeStillArrives()
      throws Exception {
    String leaverAddress = EmailEnvironment.uniqueAddress("leaver");
    String stayerAddress = EmailEnvironment.uniqueAddress("stayer");
    String leaver = env.createAccount(leaverAddress);
    String stayer = env.createAccount(stayerAddress);

    Map<String, Object> first =
        campaigns.handleRequest(campaign(newId(), List.of(leaver, stayer)), null);
    assertThat(first).containsEntry("sent", 2).containsEntry("complete", true);
    JsonNode mail = env.mailTo(leaverAddress).getFirst();
    String header =
        mail.path("headers").findValues("value").stream()
            .map(JsonNode::asText)
            .filter(v -> v.contains("/email/unsubscribe"))
            .findFirst()
            .orElseThrow();
    Matcher m = Pattern.compile("\\?t=([^>]+)>").matcher(header);
    assertThat(m.find()).isTrue();
    assertThat(links.handle(EmailEnvironment.event("unsubscribe-one-click", m.group(1))).status())
        .isEqualTo(200);

    Map<String, Object> second =
        campaigns.handleRequest(campaign(newId(), List.of(leaver, stayer)), null);

    assertThat(second).containsEntry("sent", 1).containsEntry("skipped", 1);
    assertThat(env.mailTo(leaverAddress)).hasSize(1);
    assertThat(env.mailTo(stayerAddress)).hasSize(2);
    Map<String, Object> notice = campaign(newId(), List.of(leaver, stayer));
    notice.put("category", "policy-change");
    notice.put("subject", "Our privacy policy is changing");
    assertThat(campaigns.handleRequest(notice, null)).containsEntry("sent", 2);
    assertThat(env.mailTo(leaverAddress))
        .extracting(j -> j.path("subject").asText())
        .containsExactly("What is new in January", "Our privacy policy is changing");
  }

  @Test
  void aCampaignResumesWithoutDuplicates() throws Exception {
    String a = EmailEnvironment.uniqueAddress("ra");
    String b = EmailEnvironment.uniqueAddress("rb");
    String c = EmailEnvironment.uniqueAddress("rc");
    String idA = env.createAccount(a);
    String idB = env.createAccount(b);
    String idC = env.createAccount(c);
    String campaignId = newId();
    var ledger =
        new DynamoCampaignLedger(env.wiring.dynamo(), Tables.name(env.config, Tables.EMAIL));
    // A first run sent to A, then crashed after claiming B (SES may or may not have taken it).
    Map<String, Object> firstRun =
        campaigns.handleRequest(campaign(campaignId, List.of(idA)), null);
    assertThat(firstRun).containsEntry("sent", 1);
    assertThat(ledger.claim(campaignId, idB, Instant.now())).isNull();

    Map<String, Object> resumed =
        campaigns.handleRequest(campaign(campaignId, List.of(idA, idB, idC, idC)), null);

    assertThat(resumed)
        .containsEntry("sent", 1)
        .containsEntry("alreadyDone", 1)
        .containsEntry("uncertain", 1)
        .containsEntry("complete", true);
    assertThat(env.mailTo(a)).hasSize(1);
    assertThat(env.mailTo(b)).isEmpty();
    assertThat(env.mailTo(c)).hasSize(1);
    assertThat(ledger.claim(campaignId, idC, Instant.now())).isEqualTo(CampaignLedger.State.SENT);
    // Reusing the id for a different message is refused before anything is sent.
    Map<String, Object> changed = campaign(campaignId, List.of(idA));
    changed.put("subject", "Something else");
    assertThat(campaigns.handleRequest(changed, null)).containsEntry("error", "conflict");
    assertThat(env.mailTo(a)).hasSize(1);
  }

  @Test
  void theCampaignsMailedToAnAccountAreInItsExportAndNoOtherAccountsAre() throws Exception {
    String mine = env.createAccount(EmailEnvironment.uniqueAddress("ex"));
    String other = env.createAccount(EmailEnvironment.uniqueAddress("ey"));
    String campaignId = newId();
    String othersCampaign = newId();
    assertThat(campaigns.handleRequest(campaign(campaignId, List.of(mine, other)), null))
        .containsEntry("sent", 2);
    assertThat(campaigns.handleRequest(campaign(othersCampaign, List.of(other)), null))
        .containsEntry("sent", 1);

    var section =
        env.wiring.rights().exports().stream()
            .filter(source -> source.name().equals("emailCampaigns"))
            .findFirst()
            .orElseThrow()
            .read(dev.privacyfirst.rights.domain.Subject.account(mine));

    assertThat(dev.privacyfirst.common.json.Json.MAPPER.writeValueAsString(section))
        .contains(campaignId, "\"sent\"")
        .doesNotContain(othersCampaign);
  }

  @Test
  void badCampaignInputIsRefusedBeforeAnythingIsSent() throws Exception {
    String address = EmailEnvironment.uniqueAddress("bad");
    String id = env.createAccount(address);
    for (var edit :
        List.<java.util.function.Consumer<Map<String, Object>>>of(
            in -> in.remove("subject"),
            in -> in.put("category", "no-such-category"),
            in -> in.put("accountIds", List.of()),
            in -> in.put("accountIds", "x"),
            in -> in.put("paragraphs", List.of(1)),
            in -> in.put("campaignId", "bad id!"))) {
      Map<String, Object> input = campaign(newId(), List.of(id));
      edit.accept(input);
      assertThat(campaigns.handleRequest(input, null))
          .containsEntry("error", "bad_request")
          .containsKey("message");
    }
    assertThat(env.mailTo(address)).isEmpty();
  }

  @Test
  void aMalformedDirectInvocationIsAnsweredWithTheOperatorsErrorMapNotAFailedInvocation()
      throws Exception {
    // Thrown, the refusal failed the invocation: Lambda retried an asynchronous one twice to the
    // same answer, and a synchronous caller got the runtime's error instead of the error map.
    for (String payload :
        List.of(
            "{\"campaignId\":\"c-1\"}",
            "{\"campaignId\":\"bad id!\",\"category\":\"newsletter\",\"subject\":\"s\","
                + "\"paragraphs\":[\"p\"],\"accountIds\":[\"a\"]}",
            "{}")) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      campaigns.handleRequest(
          new java.io.ByteArrayInputStream(
              payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          out,
          null);
      JsonNode answer = Json.MAPPER.readTree(out.toByteArray());
      assertThat(answer.path("error").asText()).as(payload).isEqualTo("bad_request");
      assertThat(answer.path("message").asText()).as(payload).isNotBlank();
    }
  }

  /** The SES sample notification {@code file} about {@code address}, with a fresh feedback id. */
  private static SNSEvent feedback(String file, String address) {
    String message = "/Records/0/Sns/Message/";
    String kind = file.startsWith("complaint") ? "complaint" : "bounce";
    String recipients = kind.equals("complaint") ? "complainedRecipients" : "bouncedRecipients";
    return SampleEvents.sns(
        "SesNotifications",
        file,
        Map.of(
            message + kind + "/" + recipients + "/0/emailAddress", address,
            message + "mail/destination/0", address,
            message + "mail/commonHeaders/to/0", address,
            message + kind + "/feedbackId", UUID.randomUUID().toString()));
  }

  private static SendResult send(String accountId, String category) {
    return mailer.send(
        new MailRequest(
            Recipient.account(accountId),
            category,
            new MessageContent("Subject", List.of("Body")),
            null));
  }

  @Test
  void aComplaintStopsPromotionalMailButNotTransactional() throws Exception {
    String address = EmailEnvironment.uniqueAddress("complainer");
    String id = env.createAccount(address);
    notifications.handleRequest(
        feedback("complaint.json", address.toUpperCase(java.util.Locale.ROOT)), null);

    assertThat(send(id, "offers")).isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));
    assertThat(send(id, "security")).isInstanceOf(SendResult.Sent.class);
    assertSuppressionStoredWithoutTheAddress(address);
  }

  @Test
  void aHardBounceStopsAllMailAndALaterComplaintDoesNotLowerIt() throws Exception {
    String address = EmailEnvironment.uniqueAddress("bouncer");
    String id = env.createAccount(address);
    SNSEvent bounce = feedback("permanent-bounce.json", address);
    notifications.handleRequest(bounce, null);
    notifications.handleRequest(bounce, null); // SNS redelivery is harmless
    notifications.handleRequest(feedback("complaint.json", address), null);

    assertThat(send(id, "security"))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));
    assertThat(send(id, "newsletter"))
        .isEqualTo(new SendResult.Skipped(SendResult.Reason.SUPPRESSED));
    assertThat(env.mailTo(address)).isEmpty();
    assertSuppressionStoredWithoutTheAddress(address);
  }

  @Test
  void aNotificationThatIsNotFromSesIsDroppedWithoutEffect() {
    SNSEvent event = new SNSEvent();
    SNSEvent.SNSRecord record = new SNSEvent.SNSRecord();
    SNSEvent.SNS sns = new SNSEvent.SNS();
    sns.setMessage("not json");
    record.setSns(sns);
    event.setRecords(List.of(record));
    assertThat(notifications.handleRequest(event, null)).isEqualTo("suppressed=0 unreadable=1");
  }

  private static void assertSuppressionStoredWithoutTheAddress(String address) {
    var items =
        env.wiring.dynamo().scan(r -> r.tableName(Tables.name(env.config, Tables.EMAIL))).items();
    String hash = env.wiring.addressHasher().hash(address);
    assertThat(items.stream().anyMatch(i -> i.get("pk").s().equals("SUPPRESS#" + hash))).isTrue();
    assertThat(items.toString())
        .doesNotContain(address)
        .doesNotContain(address.toUpperCase(java.util.Locale.ROOT));
  }
}
