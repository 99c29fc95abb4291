package dev.privacyfirst.files.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.files.FilesHarness;
import dev.privacyfirst.files.domain.ChunkerTest;
import dev.privacyfirst.files.domain.ReadyPacing;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dedup timing channel: a processed upload is reported ready only {@code base + size / rate}
 * after its processing began, so an upload whose chunks someone else already stores becomes ready
 * at the same moment as one whose chunks are all new.
 */
@Tag("emulators")
class ReadyPacingTest {
  static FilesHarness h;
  static final ReadyPacing PACING = new ReadyPacing(Duration.ofSeconds(10), 100_000);

  @BeforeAll
  static void start() {
    h =
        new FilesHarness(
            Map.of(
                ReadyPacing.BASE, PACING.base().toString(),
                ReadyPacing.RATE, Long.toString(PACING.bytesPerSecond())));
  }

  private static String status(String user, String id) {
    JsonNode view = FilesHarness.json(h.get(user, id));
    return view.path("status").asText();
  }

  @Test
  void aFreshAndADuplicateUploadAreReportedReadyAtTheSameMomentAfterTheirPad() {
    byte[] data = ChunkerTest.random(401, 200_000);
    String someoneElse = h.newUser();
    h.upload(someoneElse, "known.bin", data); // the content now exists in the store
    String fresh = h.newUser();
    String duplicate = h.newUser();
    byte[] other = ChunkerTest.random(402, 200_000);

    String freshId = h.upload(fresh, "new.bin", other);
    String duplicateId = h.upload(duplicate, "known.bin", data);
    Duration pad = PACING.pad(200_000); // 10 s + 2 s

    assertThat(status(fresh, freshId)).isEqualTo("pending");
    assertThat(status(duplicate, duplicateId)).isEqualTo("pending");
    assertThat(h.content(duplicate, duplicateId).status()).isEqualTo(404);
    assertThat(FilesHarness.json(h.get(duplicate, duplicateId)).has("size")).isTrue();

    h.clock.advance(pad.minusMillis(1));
    assertThat(status(fresh, freshId)).isEqualTo("pending");
    assertThat(status(duplicate, duplicateId)).isEqualTo("pending");

    h.clock.advance(Duration.ofMillis(1));
    assertThat(status(fresh, freshId)).isEqualTo("ready");
    assertThat(status(duplicate, duplicateId)).isEqualTo("ready");
    assertThat(h.content(duplicate, duplicateId).body()).isEqualTo(data);
  }

  @Test
  void aRetriedProcessingKeepsTheFirstStartSoReadinessIsNotPostponed() {
    String user = h.newUser();
    byte[] data = ChunkerTest.random(403, 50_000);
    var upload = h.begin(user, "a.bin", data.length, null);
    String id = upload.path("id").asText();
    assertThat(h.put(upload, data)).isEqualTo(200);
    h.module.files.markProcessing(id, h.clock.instant());
    h.clock.advance(Duration.ofSeconds(5));

    assertThat(h.notify(id)).containsExactly("ready");

    var file = h.module.files.find(id).orElseThrow();
    assertThat(file.visibleAt())
        .isEqualTo(h.clock.instant().minusSeconds(5).plus(PACING.pad(50_000)));
  }

  @Test
  void thePadIsAFunctionOfTheSizeAlone() {
    assertThat(PACING.pad(0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(PACING.pad(1_000_000)).isEqualTo(Duration.ofSeconds(20));
    assertThat(ReadyPacing.OFF.pad(1_000_000)).isZero();
  }
}
