package dev.privacyfirst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 6's "Done when", tried as a new user would through the local cloud with every module's real
 * handlers: two users hold the same file, one deletes their account, and after the (zero) grace
 * window and a purge run that user is gone while the other still downloads the shared file; the
 * chunks only the deleted user held leave the vault; a receipt exists; a held account survives.
 */
@WithLocalCloud(
    properties = {"DELETION_GRACE=PT0S", "RETENTION_GRACE_PERIOD=PT0S", "CHUNK_GC_GRACE=PT0S"})
class AccountLifecycleEndToEndTest {
  /** The grace windows, zero for this test: self-service deletion, retention, chunk GC. */
  private static LocalCloud cloud;

  @BeforeAll
  static void startLocalCloudWithZeroGrace(TestLocalCloud started) throws IOException {
    cloud = started.cloud;
  }

  private static byte[] random(long seed, int size) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** The vault keys a step added. */
  private static TreeSet<String> added(TreeSet<String> before, TreeSet<String> after) {
    TreeSet<String> keys = new TreeSet<>(after);
    keys.removeAll(before);
    return keys;
  }

  private static JsonNode purge() throws Exception {
    // twice: the first run erases the account and drops its chunk references, the second
    // collects chunks that reached zero in the first (the GC grace is zero)
    CloudUser.run(cloud, "RetentionPurge");
    return CloudUser.run(cloud, "RetentionPurge");
  }

  private static JsonNode request(String requestId) throws Exception {
    return CloudUser.invoke(
        cloud, "RetentionOperator", Map.of("action", "getRequest", "requestId", requestId));
  }

  /** Items of any table whose attributes mention {@code text}, as table names. */
  private static List<String> tablesMentioning(String text) {
    var dynamo = cloud.emulators().dynamoDb();
    List<String> found = new ArrayList<>();
    for (String table : dynamo.listTables().tableNames()) {
      dynamo
          .scanPaginator(r -> r.tableName(table))
          .items()
          .forEach(
              item -> {
                for (AttributeValue value : item.values()) {
                  if (value.toString().contains(text)) {
                    found.add(table);
                    return;
                  }
                }
              });
    }
    return found;
  }

  @Test
  void aDeletedAccountIsPurgedWhileTheOtherUserStillDownloadsTheSharedFile() throws Exception {
    CloudUser leaver = CloudUser.signUp(cloud, "leaver");
    CloudUser keeper = CloudUser.signUp(cloud, "keeper");
    byte[] shared = random(11, 3_000_000);
    byte[] own = random(12, 2_500_000);
    TreeSet<String> start = CloudUser.vaultKeys(cloud);
    leaver.uploadReady("shared.bin", shared);
    TreeSet<String> afterShared = CloudUser.vaultKeys(cloud);
    String keepersId = keeper.uploadReady("shared-copy.bin", shared);
    leaver.uploadReady("only-mine.bin", own);
    TreeSet<String> afterOwn = CloudUser.vaultKeys(cloud);
    TreeSet<String> sharedChunks = added(start, afterShared);
    TreeSet<String> ownChunks = added(afterShared, afterOwn);
    assertThat(sharedChunks).isNotEmpty();
    assertThat(ownChunks).isNotEmpty();

    HttpResponse<String> deleted = leaver.delete("/v1/me");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
    String requestId = CloudUser.JSON.readTree(deleted.body()).path("requestId").asText();
    assertThat(requestId).isNotBlank();
    // unusable at once
    assertThat(leaver.get("/v1/me").statusCode()).isEqualTo(401);

    JsonNode report = purge();

    assertThat(leaver.get("/v1/me").statusCode()).as("old session").isEqualTo(401);
    assertThat(leaver.get("/v1/files").statusCode()).as("old session on files").isEqualTo(401);
    HttpResponse<String> signIn = leaver.signInAgain();
    assertThat(signIn.statusCode()).as("sign-in after deletion: %s", signIn.body()).isIn(401, 403);
    HttpResponse<byte[]> content = keeper.download(keepersId);
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(shared);
    TreeSet<String> vault = CloudUser.vaultKeys(cloud);
    assertThat(vault).as("shared chunks stay").containsAll(sharedChunks);
    assertThat(vault)
        .as("chunks only the deleted user held are gone (purge: %s)", report)
        .doesNotContainAnyElementsOf(ownChunks);
    JsonNode request = request(requestId);
    assertThat(request.path("status").asText()).as(request.toString()).isEqualTo("completed");
    assertThat(request.path("receipts")).as(request.toString()).isNotEmpty();
    JsonNode receipt = request.path("receipts").get(0);
    assertThat(receipt.path("subjectHash").asText()).isNotBlank();
    assertThat(receipt.toString()).doesNotContain(leaver.email);
    assertThat(tablesMentioning(leaver.email.toLowerCase(java.util.Locale.ROOT)))
        .as("tables still holding the deleted user's address in clear")
        .isEmpty();
    // account, profile, sessions, files, preferences; even the completed request is pseudonymised
    assertThat(tablesMentioning(leaver.accountId))
        .as("tables still mentioning the deleted account id")
        .isEmpty();
  }

  @Test
  void aHeldAccountSurvivesThePurge() throws Exception {
    CloudUser held = CloudUser.signUp(cloud, "held");
    TreeSet<String> before = CloudUser.vaultKeys(cloud);
    String fileId = held.uploadReady("evidence.bin", random(13, 2_000_000));
    TreeSet<String> chunks = added(before, CloudUser.vaultKeys(cloud));
    HttpResponse<String> deleted = held.delete("/v1/me");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
    String requestId = CloudUser.JSON.readTree(deleted.body()).path("requestId").asText();

    JsonNode hold =
        CloudUser.invoke(
            cloud,
            "RetentionOperator",
            Map.of("action", "placeHold", "accountId", held.accountId, "reason", "court order 42"));
    assertThat(hold.path("hold").asText()).as(hold.toString()).isEqualTo("placed");
    JsonNode report = purge();

    JsonNode request = request(requestId);
    assertThat(request.path("status").asText()).as("%s / %s", request, report).isEqualTo("held");
    assertThat(CloudUser.vaultKeys(cloud)).as("the held account's chunks").containsAll(chunks);
    assertThat(tablesMentioning(fileId)).as("the held account's file record").isNotEmpty();
  }

  @Test
  void aHeldAccountCannotDeleteItsOwnFilesAndIsToldWhy() throws Exception {
    CloudUser held = CloudUser.signUp(cloud, "held-files");
    String fileId = held.uploadReady("ledger.bin", random(17, 100_000));
    CloudUser.invoke(
        cloud,
        "RetentionOperator",
        Map.of("action", "placeHold", "accountId", held.accountId, "reason", "tax audit"));

    HttpResponse<String> refused = held.delete("/v1/files/" + fileId);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    JsonNode error = CloudUser.JSON.readTree(refused.body());
    assertThat(error.path("error").asText()).isEqualTo("legal_hold");
    assertThat(error.path("message").asText()).contains("legal hold");
    assertThat(held.download(fileId).statusCode()).isEqualTo(200);
  }

  @Test
  void anExportIsFiledRunAsynchronouslyAndLinksToEverythingHeld() throws Exception {
    CloudUser user = CloudUser.signUp(cloud, "exporter");
    String fileId =
        user.uploadReady(
            "diary.txt", "caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    JsonNode export = user.exportArchive();
    assertThat(export.at("/account/account/email").asText()).isEqualTo(user.email);
    assertThat(export.at("/files/0/id").asText()).isEqualTo(fileId);
    assertThat(export.at("/privacyRequests/analyticsPseudonym").asText()).startsWith("u-");
  }
}
