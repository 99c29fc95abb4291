package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.testkit.Race;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} does: presigned uploads bound to their size, chunks that read back
 * byte for byte, and exports that nobody can read before they are committed. An export is read back
 * through {@link #export}, which each implementation answers from its own storage (the port itself
 * only hands out links).
 */
public abstract class BlobStoreContract {
  private static final SecureRandom RANDOM = new SecureRandom();

  protected abstract BlobStore store();

  /** The export object under {@code key} as stored, or empty while there is none. */
  protected abstract Optional<byte[]> export(String key);

  private BlobStore blobs;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void open() {
    blobs = store();
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String key(String prefix) {
    return prefix + UUID.randomUUID();
  }

  private int send(BlobStore.PresignedUpload upload, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(upload.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    upload
        .headers()
        .forEach(
            (name, value) -> {
              if (!name.equalsIgnoreCase("content-length")) {
                request.header(name, value);
              }
            });
    return http.send(request.build(), BodyHandlers.discarding()).statusCode();
  }

  private static byte[] read(InputStream stream) {
    try (stream) {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aPresignedUploadOfTheDeclaredSizeArrivesAndAnotherSizeIsRefused() throws Exception {
    String key = key("uploads/contract-");
    byte[] body = random(1000);
    BlobStore.PresignedUpload upload = blobs.presignUpload(key, body.length, Duration.ofMinutes(5));
    assertThat(upload.method()).isEqualTo("PUT");

    assertThat(send(upload, random(1001))).isGreaterThanOrEqualTo(400);
    assertThat(blobs.openIncoming(key)).isEmpty();
    assertThat(send(upload, body)).isEqualTo(200);

    BlobStore.IncomingObject incoming = blobs.openIncoming(key).orElseThrow();
    assertThat(incoming.size()).isEqualTo(1000);
    assertThat(read(incoming.stream())).isEqualTo(body);
    blobs.deleteIncoming(key);
    blobs.deleteIncoming(key);
    assertThat(blobs.openIncoming(key)).isEmpty();
  }

  @Test
  void aChunkReadsBackByteForByteUntilDeleted() {
    String key = key("chunks/");
    byte[] sealed = random(70_000);
    blobs.putChunk(key, sealed);

    assertThat(blobs.getChunk(key)).hasValueSatisfying(b -> assertThat(b).isEqualTo(sealed));
    assertThat(blobs.getChunk(key("chunks/"))).isEmpty();
    blobs.deleteChunk(key);
    blobs.deleteChunk(key);
    assertThat(blobs.getChunk(key)).isEmpty();
  }

  @Test
  void aStreamedExportLargerThanOnePartIsReadableOnlyOnceCommitted() throws IOException {
    String key = key("exports/contract-");
    byte[] content = random(9 * 1024 * 1024 + 17);
    try (BlobStore.ExportWriter writer = blobs.openExport(key, "application/octet-stream")) {
      writer.stream().write(content, 0, 5);
      writer.stream().write(content, 5, content.length - 5);
      assertThat(export(key)).isEmpty();
      writer.commit();
    }
    assertThat(export(key)).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
  }

  @Test
  void anExportClosedWithoutCommitLeavesNothingReadable() throws IOException {
    String small = key("exports/contract-");
    try (BlobStore.ExportWriter writer = blobs.openExport(small, "text/plain")) {
      writer.stream().write(random(10));
    }
    String large = key("exports/contract-");
    try (BlobStore.ExportWriter writer = blobs.openExport(large, "text/plain")) {
      writer.stream().write(random(9 * 1024 * 1024));
    }
    assertThat(export(small)).isEmpty();
    assertThat(export(large)).isEmpty();
  }

  @Test
  void exportPartsFromTwoThreadsAreJoinedInPartOrderAndAnAbortedOneLeavesNothing()
      throws Exception {
    String key = key("exports/contract-");
    byte[] first = random(5 * 1024 * 1024);
    byte[] second = random(1234);
    try (BlobStore.ExportParts parts = blobs.openExportParts(key, "application/zip")) {
      List<String> backwards = Race.of(() -> parts.put(2, second), () -> parts.put(1, first));
      List<String> tags = List.of(backwards.get(1), backwards.get(0));
      assertThat(export(key)).isEmpty();
      parts.commit(tags);
    }
    byte[] joined = new byte[first.length + second.length];
    System.arraycopy(first, 0, joined, 0, first.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    assertThat(export(key)).hasValueSatisfying(b -> assertThat(b).isEqualTo(joined));

    String aborted = key("exports/contract-");
    String uploadId;
    try (BlobStore.ExportParts parts = blobs.openExportParts(aborted, "application/zip")) {
      uploadId = parts.uploadId();
      parts.put(1, second);
    }
    blobs.discardExport(aborted, uploadId); // aborted already: idempotent
    assertThat(export(aborted)).isEmpty();

    blobs.discardExport(key, null);
    blobs.discardExport(key, null);
    assertThat(export(key)).isEmpty();
  }

  @Test
  void anExportLinkDownloadsAsAnAttachmentThatNoBrowserRenders() throws Exception {
    String key = key("exports/contract-");
    byte[] html = "<script>alert(1)</script>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (BlobStore.ExportWriter writer = blobs.openExport(key, "text/html")) {
      writer.stream().write(html);
      writer.commit();
    }

    var link = blobs.presignExport(key, Duration.ofMinutes(5), "page.html", "text/html");
    var fetched = http.send(HttpRequest.newBuilder(link).GET().build(), BodyHandlers.ofByteArray());

    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(html);
    assertThat(fetched.headers().firstValue("content-disposition"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("attachment;"));
    assertThat(fetched.headers().firstValue("content-type")).hasValue("application/octet-stream");
  }

  @Test
  void anExportRequestIsAnEmptyObject() {
    String key = key("exports/requests/contract-");
    blobs.requestExport(key);

    assertThat(export(key)).hasValueSatisfying(b -> assertThat(b).isEmpty());
  }
}
