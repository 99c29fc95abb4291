package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.files.FilesHarness;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The files table (and so its 35-day backups) holds neither a file's name nor its whole-file
 * SHA-256: the name is sealed under the owner's per-user key, the digests are keyed tags.
 */
@Tag("emulators")
class FilesTableSecrecyTest {
  static FilesHarness h;

  @BeforeAll
  static void start() {
    h = new FilesHarness(Map.of());
  }

  private List<Map<String, AttributeValue>> itemsOf(String fileId) {
    return h
        .emulators
        .dynamoDb()
        .scanPaginator(r -> r.tableName(Tables.name(h.config, Tables.FILES)).consistentRead(true))
        .items()
        .stream()
        .filter(i -> i.values().stream().anyMatch(v -> v.s() != null && v.s().contains(fileId)))
        .toList();
  }

  /** Every string and binary value of the items, as text (binary as hex and as Latin-1). */
  private static String dump(List<Map<String, AttributeValue>> items) {
    StringBuilder all = new StringBuilder();
    for (var item : items) {
      for (var e : item.entrySet()) {
        all.append(e.getKey()).append('=');
        AttributeValue v = e.getValue();
        if (v.s() != null) {
          all.append(v.s());
        } else if (v.b() != null) {
          byte[] b = v.b().asByteArray();
          all.append(HexFormat.of().formatHex(b))
              .append(' ')
              .append(new String(b, StandardCharsets.ISO_8859_1));
        } else {
          all.append(v);
        }
        all.append('\n');
      }
    }
    return all.toString().toLowerCase(Locale.ROOT);
  }

  @Test
  void afterAnUploadTheFilesTableHoldsNoPlaintextNameOrDigest() throws Exception {
    String user = h.newUser();
    String name = "Tax return of Jane Roe 2025.pdf";
    byte[] data = UploadFlowTest.textLike(41, 200_000);
    String sha256 = UploadFlowTest.sha256(data);
    JsonNode upload = h.begin(user, name, data.length, sha256);
    String id = upload.path("id").asText();
    assertThat(h.put(upload, data)).isEqualTo(200);
    assertThat(h.notify(id)).containsExactly("ready");

    List<Map<String, AttributeValue>> items = itemsOf(id);
    assertThat(items).isNotEmpty();
    String stored = dump(items);
    assertThat(stored).doesNotContain(name.toLowerCase(Locale.ROOT));
    assertThat(stored).doesNotContain("jane roe").doesNotContain("tax return");
    assertThat(stored).doesNotContain(sha256);
    assertThat(stored)
        .doesNotContain(new String(HexFormat.of().parseHex(sha256), StandardCharsets.ISO_8859_1));

    // The owner still sees the name, and the download is still checked against the digest.
    JsonNode view = FilesHarness.json(h.get(user, id));
    assertThat(view.path("name").asText()).isEqualTo(name);
    assertThat(h.content(user, id).body()).isEqualTo(data);
  }

  @Test
  void destroyingTheOwnersKeyMakesEveryStoredNameUnreadable() {
    String user = h.newUser();
    String id = h.upload(user, "diagnosis.txt", UploadFlowTest.textLike(42, 30_000));
    String account = h.module.files.find(id).orElseThrow().accountId();
    assertThat(h.module.files.find(id).orElseThrow().name()).isEqualTo("diagnosis.txt");

    h.module.vault.destroyKey(account);

    assertThat(h.module.files.find(id).orElseThrow().name()).isNull();
    assertThat(dump(itemsOf(id))).doesNotContain("diagnosis");
  }

  @Test
  void aDeclaredDigestThatDiffersStillFailsTheUploadThoughOnlyTagsAreStored() throws Exception {
    String user = h.newUser();
    byte[] data = UploadFlowTest.textLike(43, 50_000);
    byte[] other = UploadFlowTest.textLike(44, 50_000);
    JsonNode upload = h.begin(user, "a.txt", data.length, UploadFlowTest.sha256(other));
    String id = upload.path("id").asText();
    assertThat(h.put(upload, data)).isEqualTo(200);

    assertThat(h.notify(id)).containsExactly("failed");
  }

  @Test
  void equalContentInTwoFilesGetsUnrelatedDigestTags() {
    String user = h.newUser();
    byte[] data = UploadFlowTest.textLike(45, 20_000);
    String first = h.upload(user, "one.txt", data);
    String second = h.upload(user, "two.txt", data);

    String tagOne = h.module.files.find(first).orElseThrow().sha256();
    String tagTwo = h.module.files.find(second).orElseThrow().sha256();
    assertThat(tagOne).isNotNull().isNotEqualTo(tagTwo);
  }
}
