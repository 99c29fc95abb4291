package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chunk-id and file-digest keys rotate without losing a file: what was stored under the old
 * version keeps verifying, new content is stored under the new one. Each test has its own keys (a
 * rotation must not reach the other tests sharing the emulators); a harness made after the rotation
 * stands for a container started after it.
 */
@Tag("emulators")
class KeyRotationTest {
  private static Map<String, String> keysIn(Path dir) {
    return Map.of(EnvVars.SECRETS_SOURCE, "file:" + dir);
  }

  private static Set<String> chunkPks(FilesHarness h) {
    return h.chunkItems().stream()
        .filter(i -> i.get(Tables.SK).s().equals("CHUNK"))
        .map(i -> i.get(Tables.PK).s())
        .collect(Collectors.toSet());
  }

  @Test
  void aFileStoredBeforeTheKeysRotateStillDownloadsAndNewContentUsesTheNewVersion()
      throws Exception {
    Path keys = Files.createTempDirectory("files-rotation-keys");
    FilesHarness before = new FilesHarness(keysIn(keys));
    String user = before.newUser();
    byte[] old = UploadFlowTest.textLike(71, 150_000);
    JsonNode upload = before.begin(user, "old.txt", old.length, UploadFlowTest.sha256(old));
    String oldId = upload.path("id").asText();
    assertThat(before.put(upload, old)).isEqualTo(200);
    assertThat(before.notify(oldId)).containsExactly("ready");
    Set<String> chunksBefore = chunkPks(before);

    new FileSecrets(keys).rotate("chunk-ids");
    new FileSecrets(keys).rotate("file-digests");
    FilesHarness after = new FilesHarness(keysIn(keys));

    var content = after.content(user, oldId);
    assertThat(content.status()).isEqualTo(200);
    assertThat(content.body()).isEqualTo(old);

    byte[] fresh = UploadFlowTest.textLike(72, 150_000);
    JsonNode second = after.begin(user, "new.txt", fresh.length, UploadFlowTest.sha256(fresh));
    String newId = second.path("id").asText();
    assertThat(after.put(second, fresh)).isEqualTo(200);
    assertThat(after.notify(newId)).containsExactly("ready");
    assertThat(after.content(user, newId).body()).isEqualTo(fresh);
    Set<String> added =
        chunkPks(after).stream()
            .filter(pk -> !chunksBefore.contains(pk))
            .collect(Collectors.toSet());
    assertThat(added).isNotEmpty().allMatch(pk -> pk.contains("k2."));
  }

  @Test
  void anUploadDeclaredBeforeTheRotationAndProcessedAfterItIsChecked() throws Exception {
    Path keys = Files.createTempDirectory("files-rotation-keys");
    FilesHarness before = new FilesHarness(keysIn(keys));
    String user = before.newUser();
    byte[] data = UploadFlowTest.textLike(73, 60_000);
    byte[] other = UploadFlowTest.textLike(74, 60_000);
    JsonNode good = before.begin(user, "good.txt", data.length, UploadFlowTest.sha256(data));
    JsonNode bad = before.begin(user, "bad.txt", other.length, UploadFlowTest.sha256(data));

    new FileSecrets(keys).rotate("file-digests");
    FilesHarness after = new FilesHarness(keysIn(keys));

    assertThat(after.put(good, data)).isEqualTo(200);
    assertThat(after.notify(good.path("id").asText())).containsExactly("ready");
    assertThat(after.content(user, good.path("id").asText()).body()).isEqualTo(data);
    // The declared digest tag (version 1) still catches content that does not match it.
    assertThat(after.put(bad, other)).isEqualTo(200);
    assertThat(after.notify(bad.path("id").asText())).doesNotContain("ready");
  }
}
