package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What a new user does against a running local cloud, over HTTP only: sign up, sign in, upload a
 * file through the presigned request, wait for it to be processed, download it. Shared by the
 * end-to-end tests.
 */
final class CloudUser {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private static final String PASSWORD = "violet-kettle-harbour-58";

  /** Headers {@link HttpClient} sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

  final LocalCloud cloud;
  final String email;
  final String accountId;
  final String token;

  private CloudUser(LocalCloud cloud, String email, String accountId, String token) {
    this.cloud = cloud;
    this.email = email;
    this.accountId = accountId;
    this.token = token;
  }

  /**
   * Signs up with a fresh address, follows the verification link the SES emulator received for it
   * (as the owner of the address would), and keeps the session the verification answered. The cloud
   * must run with the SES emulator: an account opens only through its address.
   */
  static CloudUser signUp(LocalCloud cloud, String who) throws Exception {
    String email = who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    String base = cloud.baseUri().toString();
    HttpResponse<String> requested =
        send(
            jsonRequest(
                    base + "/v1/accounts",
                    Map.of("email", email, "password", PASSWORD, "birthDate", "1990-04-12"))
                .header("origin", base)
                .build());
    assertThat(requested.statusCode()).as("sign-up: %s", requested.body()).isEqualTo(202);
    String token = mailedToken(cloud, email, VERIFY_LINK, 0);
    HttpResponse<String> verified =
        send(
            jsonRequest(base + "/v1/accounts/verify", Map.of("token", token))
                .header("origin", base)
                .build());
    assertThat(verified.statusCode()).as("verification: %s", verified.body()).isEqualTo(201);
    JsonNode body = JSON.readTree(verified.body());
    assertThat(body.path("accountId").asText()).isEqualTo(body.path("id").asText());
    return new CloudUser(
        cloud, email, body.path("accountId").asText(), body.path("token").asText());
  }

  static final java.util.regex.Pattern VERIFY_LINK = Mailbox.VERIFY_LINK;

  static String mailedToken(LocalCloud cloud, String email, java.util.regex.Pattern link, int nth)
      throws Exception {
    return Mailbox.linkToken(cloud, email, link, nth);
  }

  static HttpResponse<String> signIn(LocalCloud cloud, String email) throws Exception {
    String base = cloud.baseUri().toString();
    return send(
        jsonRequest(base + "/v1/sessions", Map.of("email", email, "password", PASSWORD))
            .header("origin", base)
            .build());
  }

  HttpResponse<String> signInAgain() throws Exception {
    return signIn(cloud, email);
  }

  static HttpRequest.Builder jsonRequest(String url, Object body) throws IOException {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(120))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), UTF_8));
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends as a well-behaved client of the API does: a {@code 429 rate_limited} (the per-account
   * limit) is sent again after its Retry-After, for up to two minutes; every other answer, quota
   * 429s included, is returned as it is.
   */
  static HttpResponse<byte[]> sendAsClient(HttpRequest request) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      boolean rateLimited =
          response.statusCode() == 429
              && new String(response.body(), UTF_8).contains("\"rate_limited\"");
      if (!rateLimited || System.nanoTime() > deadline) {
        return response;
      }
      long seconds = response.headers().firstValue("retry-after").map(Long::parseLong).orElse(1L);
      Thread.sleep(seconds * 1000);
    }
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), UTF_8);
  }

  HttpRequest.Builder authed(String path) {
    return HttpRequest.newBuilder(URI.create(cloud.baseUri() + path))
        .timeout(Duration.ofSeconds(120))
        .header("authorization", "Bearer " + token);
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(authed(path).GET().build());
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send(authed(path).DELETE().build());
  }

  /**
   * The response body as bytes, as a client of the API would fetch it: a large file answers 202
   * while its copy is prepared (polled again after Retry-After, for up to two minutes), then
   * redirects to a presigned link, which is followed.
   */
  HttpResponse<byte[]> download(String fileId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      HttpResponse<byte[]> response =
          sendAsClient(authed("/v1/files/" + fileId + "/content").GET().build());
      if (response.statusCode() != 202 || System.nanoTime() > deadline) {
        return response;
      }
      long seconds = response.headers().firstValue("retry-after").map(Long::parseLong).orElse(1L);
      // Locally the copy is usually ready well before the advised interval.
      Thread.sleep(Math.min(seconds * 1000, 200));
    }
  }

  /**
   * {@code POST /v1/me/export}, then {@code GET /v1/me/export} as a client polls it (the accounts
   * function invoked the subject-rights jobs function asynchronously through Lambda's Invoke API,
   * served by the local cloud) until ready, then the archive behind its link, parsed.
   */
  JsonNode exportArchive() throws Exception {
    HttpResponse<String> filed =
        send(authed("/v1/me/export").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(202);
    JsonNode status = null;
    for (int i = 0; i < 300; i++) {
      status = JSON.readTree(get("/v1/me/export").body());
      if (!status.path("status").asText().equals("pending")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("ready");
    HttpResponse<String> archive =
        send(HttpRequest.newBuilder(URI.create(status.at("/archive/url").asText())).GET().build());
    assertThat(archive.statusCode()).isEqualTo(200);
    return JSON.readTree(archive.body());
  }

  /** POST /v1/files/uploads, then the bytes to the presigned request; returns the file id. */
  String upload(String name, byte[] bytes) throws Exception {
    return upload(name, bytes, "application/octet-stream");
  }

  /** Uploads with this declared content type and waits until ready. */
  String uploadReady(String name, byte[] bytes, String contentType) throws Exception {
    String id = upload(name, bytes, contentType);
    JsonNode view = awaitProcessed(id);
    assertThat(view.path("status").asText()).as("file %s: %s", name, view).isEqualTo("ready");
    return id;
  }

  /** Like {@link #upload(String, byte[])} with the content type the file is declared as. */
  String upload(String name, byte[] bytes, String contentType) throws Exception {
    HttpResponse<byte[]> begun =
        sendAsClient(
            authed("/v1/files/uploads")
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "name",
                                name,
                                "size",
                                bytes.length,
                                "contentType",
                                contentType,
                                "sha256",
                                sha256(bytes))),
                        UTF_8))
                .build());
    assertThat(begun.statusCode()).as("begin upload: %s", text(begun)).isEqualTo(201);
    JsonNode body = JSON.readTree(begun.body());
    JsonNode presigned = body.path("upload");
    URI target = URI.create(presigned.path("url").asText());
    assertThat(target.getPort())
        .as("the presigned request points at s3proxy")
        .isEqualTo(cloud.emulators().s3Endpoint().getPort());
    HttpRequest.Builder put =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(120))
            .method(
                presigned.path("method").asText(), HttpRequest.BodyPublishers.ofByteArray(bytes));
    presigned
        .path("headers")
        .properties()
        .forEach(
            h -> {
              if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                put.header(h.getKey(), h.getValue().asText());
              }
            });
    HttpResponse<String> stored = send(put.build());
    assertThat(stored.statusCode())
        .as("PUT to the presigned URL: %s", stored.body())
        .isEqualTo(200);
    return body.path("id").asText();
  }

  /** Polls GET /v1/files/{id} until it leaves {@code pending} (bounded); returns the last view. */
  JsonNode awaitProcessed(String fileId) throws Exception {
    JsonNode view = null;
    for (int i = 0; i < 600; i++) {
      HttpResponse<byte[]> response = sendAsClient(authed("/v1/files/" + fileId).GET().build());
      assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
      view = JSON.readTree(response.body());
      if (!view.path("status").asText().equals("pending")) {
        return view;
      }
      Thread.sleep(100);
    }
    return view;
  }

  /** Uploads and waits until ready. */
  String uploadReady(String name, byte[] bytes) throws Exception {
    String id = upload(name, bytes);
    JsonNode view = awaitProcessed(id);
    assertThat(view.path("status").asText()).as("file %s: %s", name, view).isEqualTo("ready");
    return id;
  }

  /** Every object key in the vault bucket, sorted. */
  static TreeSet<String> vaultKeys(LocalCloud cloud) {
    String bucket = cloud.emulators().settings().getOrDefault("VAULT_BUCKET", "vault");
    TreeSet<String> keys = new TreeSet<>();
    cloud
        .emulators()
        .s3()
        .listObjectsV2Paginator(r -> r.bucket(bucket))
        .contents()
        .forEach(o -> keys.add(o.key()));
    return keys;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code GET /v1/events/export?<query>} with the project's secret (the project as the
   * EventProjects operator answered it); asserts a 200 and answers the JSON.
   */
  static JsonNode eventsExport(LocalCloud cloud, JsonNode project, String query) throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/v1/events/export?" + query))
                .header(
                    "authorization",
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(
                                (project.path("secret").asText() + ":").getBytes(UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Invokes a function through {@code /_local/invoke/<id>} and answers its JSON result. */
  static JsonNode invoke(LocalCloud cloud, String functionId, Object event) throws Exception {
    HttpResponse<String> response =
        send(jsonRequest(cloud.baseUri() + "/_local/invoke/" + functionId, event).build());
    assertThat(response.statusCode())
        .as("invoke %s: %s", functionId, response.body())
        .isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Whether the upload's object is still in the incoming bucket (processing removes it). */
  static boolean stillIncoming(LocalCloud cloud, String fileId) {
    return !cloud
        .emulators()
        .s3()
        .listObjectsV2(r -> r.bucket("incoming").prefix("uploads/" + fileId))
        .contents()
        .isEmpty();
  }

  /** Runs a scheduled function now through {@code /_local/run/<id>}. */
  static JsonNode run(LocalCloud cloud, String functionId) throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/_local/run/" + functionId))
                .timeout(Duration.ofSeconds(300))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).as("run %s: %s", functionId, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
