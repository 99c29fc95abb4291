package dev.privacyfirst.local.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.common.topology.Repository;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.local.LocalCloud;
import dev.privacyfirst.local.LocalCloudOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * What both local-cloud benchmarks share: one in-process local cloud on an ephemeral port with a
 * temp data directory (as the end-to-end tests start it), a plain HTTP client, and medians. {@code
 * dev.privacyfirst.local.CloudUser} is package-private to the end-to-end tests, so the few calls
 * the benchmarks need (sign-up, sign-in, invoke) are repeated here with the same requests.
 */
final class BenchSupport {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private static final String PASSWORD = "violet-kettle-harbour-58";

  private BenchSupport() {}

  /**
   * A local cloud as the end-to-end tests start it: no SES, no schedules, output discarded; as
   * {@code local/start --in-memory} when the system property {@code local.bench.inMemory} is true,
   * otherwise on disk in {@code dataDir} as {@code local/start}.
   */
  static LocalCloud start(Path dataDir, Duration s3Poll) {
    boolean inMemory = Boolean.getBoolean("local.bench.inMemory");
    // One account polls and uploads as fast as it can here: throughput, not the per-account limits.
    System.setProperty(dev.privacyfirst.common.limits.RateLimits.ENABLED, "false");
    System.out.println(
        "DynamoDB Local and s3proxy: "
            + (inMemory ? "in memory (local/start --in-memory)" : "on disk (local/start)"));
    return LocalCloud.start(
        LocalCloudOptions.defaults(dataDir)
            .withInMemory(inMemory)
            .withPort(0)
            .withSes(true)
            .withSchedules(false)
            .withTiming(s3Poll, Duration.ofMillis(500))
            .withOut(new PrintStream(new ByteArrayOutputStream(), true, UTF_8)));
  }

  /** Headers the JDK's HttpClient sets itself and refuses to be given. */
  static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

  /** {@code POST /v1/files/uploads} as a client; answers the API's body (id and presigned PUT). */
  static JsonNode beginUpload(
      String base, String token, String name, long size, String contentType, String sha256)
      throws IOException, InterruptedException {
    return expect(
        send(
            jsonPost(
                    base + "/v1/files/uploads",
                    Map.of(
                        "name", name, "size", size, "contentType", contentType, "sha256", sha256))
                .header("authorization", "Bearer " + token)
                .build()),
        201,
        "begin upload " + name);
  }

  /** The presigned upload the API answered ({@code upload}: url, method, headers) with a body. */
  static HttpRequest presignedUpload(JsonNode upload, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
            .timeout(Duration.ofMinutes(30))
            .method(upload.path("method").asText(), body);
    upload
        .path("headers")
        .properties()
        .forEach(
            h -> {
              if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                put.header(h.getKey(), h.getValue().asText());
              }
            });
    return put.build();
  }

  /** Polls {@code GET /v1/files/{id}} every 25 ms until it is ready (or fails, or 5 minutes). */
  static void awaitReady(String base, String token, String id, String name) throws Exception {
    for (int i = 0; i < 12_000; i++) {
      JsonNode view =
          expect(
              send(
                  HttpRequest.newBuilder(URI.create(base + "/v1/files/" + id))
                      .header("authorization", "Bearer " + token)
                      .GET()
                      .build()),
              200,
              "status of " + name);
      String status = view.path("status").asText();
      if (status.equals("ready")) {
        return;
      }
      if (!status.equals("pending")) {
        throw new IllegalStateException(name + " ended " + view);
      }
      Thread.sleep(25);
    }
    throw new IllegalStateException(name + " not ready after 5 minutes");
  }

  /** A presigner for the local cloud's s3proxy (path-style, the emulator's identity). */
  static S3Presigner presigner(LocalCloud cloud) {
    return S3Presigner.builder()
        .endpointOverride(cloud.emulators().s3Endpoint())
        .region(Region.of(Emulators.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(Emulators.ACCESS_KEY_ID, Emulators.SECRET_ACCESS_KEY)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  /** The peers' raw PUT: a presigned s3proxy PUT of a bucket nobody watches, with its headers. */
  static HttpRequest rawPut(
      S3Presigner presigner, String bucket, String key, long size, HttpRequest.BodyPublisher body)
      throws java.net.URISyntaxException {
    var presigned =
        presigner.presignPutObject(
            r ->
                r.signatureDuration(Duration.ofMinutes(30))
                    .putObjectRequest(p -> p.bucket(bucket).key(key).contentLength(size)));
    HttpRequest.Builder put =
        HttpRequest.newBuilder(presigned.url().toURI()).timeout(Duration.ofMinutes(30)).PUT(body);
    presigned
        .signedHeaders()
        .forEach(
            (h, v) -> {
              if (!RESTRICTED.contains(h.toLowerCase(Locale.ROOT))) {
                put.header(h, String.join(",", v));
              }
            });
    return put.build();
  }

  /** The peers' raw GET: a presigned s3proxy GET. */
  static URI rawGet(S3Presigner presigner, String bucket, String key)
      throws java.net.URISyntaxException {
    return presigner
        .presignGetObject(
            r ->
                r.signatureDuration(Duration.ofMinutes(30))
                    .getObjectRequest(g -> g.bucket(bucket).key(key)))
        .url()
        .toURI();
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder jsonPost(String url, Object body) throws IOException {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(120))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), UTF_8));
  }

  static JsonNode expect(HttpResponse<String> response, int status, String what)
      throws IOException {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          what + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * Signs up with a fresh address, verifies it with the link the SES emulator received, and signs
   * in; answers the bearer token.
   */
  static String signUpAndIn(LocalCloud cloud, String who) throws Exception {
    String email = who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String base = cloud.baseUri().toString();
    expect(
        send(
            jsonPost(
                    base + "/v1/accounts",
                    Map.of("email", email, "password", PASSWORD, "birthDate", "1990-04-12"))
                .header("origin", base)
                .build()),
        202,
        "sign-up");
    String verification =
        dev.privacyfirst.local.Mailbox.linkToken(
            cloud, email, dev.privacyfirst.local.Mailbox.VERIFY_LINK, 0);
    expect(
        send(
            jsonPost(base + "/v1/accounts/verify", Map.of("token", verification))
                .header("origin", base)
                .build()),
        201,
        "verification");
    JsonNode session =
        expect(
            send(
                jsonPost(base + "/v1/sessions", Map.of("email", email, "password", PASSWORD))
                    .header("origin", base)
                    .build()),
            201,
            "sign-in");
    return session.path("token").asText();
  }

  /** Invokes a function through {@code /_local/invoke/<id>}. */
  static JsonNode invoke(LocalCloud cloud, String functionId, Object event) throws Exception {
    return expect(
        send(jsonPost(cloud.baseUri() + "/_local/invoke/" + functionId, event).build()),
        200,
        "invoke " + functionId);
  }

  /** The repository's events/ folder, found upwards from the working directory. */
  static Path eventsDir() {
    return Repository.root().resolve("events");
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static String list(List<Double> values, String format) {
    return Arrays.toString(values.stream().map(v -> String.format(format, v)).toArray());
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temp directory; the OS cleans up eventually
    }
  }
}
