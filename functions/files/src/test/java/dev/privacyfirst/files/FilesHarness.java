package dev.privacyfirst.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.DynamoSessionStore;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.session.SessionTokens;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.LambdaInvokeStub;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.ReadyPacing;
import dev.privacyfirst.files.domain.UploadRedrive;
import dev.privacyfirst.files.handler.DownloadMaterialiserHandler;
import dev.privacyfirst.files.handler.DownloadSweepHandler;
import dev.privacyfirst.files.handler.FilesApiHandler;
import dev.privacyfirst.files.handler.UploadProcessorHandler;
import dev.privacyfirst.files.handler.UploadRedriveHandler;
import dev.privacyfirst.testkit.MutableClock;
import dev.privacyfirst.testkit.Probes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The files capability wired to the shared emulators, with a clock tests can move. */
public final class FilesHarness {

  public final Emulators emulators = SharedEmulators.get();
  public final MutableClock clock = new MutableClock();
  public final Config config;
  public final FilesWiring module;
  public final FilesApiHandler api;
  public final UploadProcessorHandler notifications;
  public final DownloadMaterialiserHandler materialiser;
  public final DownloadSweepHandler sweep;

  /**
   * The redrive's scheduled run. It compares S3's arrival times, which are real time, with its
   * clock, so its clock is real time (not {@link #clock}, far in the future) a minute past the
   * stall limit: every object in the bucket is stalled, and one that arrived in this test is still
   * within the time it is resent ({@link UploadRedrive#RESENT_UNTIL}).
   */
  public final UploadRedriveHandler redrive;

  /**
   * Lambda's Invoke API: what the functions under test queue for others (the redrive's resends).
   */
  public final LambdaInvokeStub lambda;

  private final HttpClient http = HttpClient.newHttpClient();

  /** Plug request counters or failures in here: every AWS client of this harness reports to it. */
  public final Probes probes = new Probes();

  public FilesHarness(Map<String, String> overrides) {
    // With the JVM's one master key, as one deployment has one: the harnesses share the emulators'
    // tables, and a purge or expiry run by one harness opens (sealed) records another one wrote.
    Map<String, String> settings = new HashMap<>(SharedEmulators.settings());
    settings.put("FILES_CHUNK_MIN_BYTES", "4096");
    settings.put("FILES_CHUNK_AVG_BYTES", "16384");
    settings.put("FILES_CHUNK_MAX_BYTES", "65536");
    settings.put("FILES_BATCH_CHUNKS", "8");
    settings.put("FILES_INLINE_MAX_BYTES", "1000000");
    // Readiness is reported as processed unless a test is about its pacing (ReadyPacingTest).
    settings.put(ReadyPacing.RATE, "0");
    lambda = LambdaInvokeStub.startUnchecked();
    settings.put(EnvVars.endpointOverride("LAMBDA"), lambda.endpoint());
    settings.putAll(overrides);
    config = Config.of(settings);
    module =
        FilesWiring.create(
            config, clock, new dev.privacyfirst.common.adapter.AwsClients(config, List.of(probes)));
    api = new FilesApiHandler(module.service, module.authenticator);
    notifications = new UploadProcessorHandler(module.processor, "FilesTest");
    materialiser = new DownloadMaterialiserHandler(module.downloads, module.exportsBucket);
    sweep = new DownloadSweepHandler(module.downloads, clock);
    redrive =
        new UploadRedriveHandler(
            module.redrive,
            Clock.offset(Clock.systemUTC(), UploadRedrive.STALLED_AFTER.plusMinutes(1)));
  }

  /**
   * Hands what was queued for the upload processor about this file (the redrive's resends) to the
   * processor's Lambda entry point, as Lambda would, and returns its outcomes. Other tests' uploads
   * share the incoming bucket, so a redrive may resend theirs too: those are left undelivered.
   */
  public List<String> deliverResent(String fileId) {
    List<String> outcomes = new java.util.ArrayList<>();
    for (LambdaInvokeStub.Invocation invocation : lambda.invocations()) {
      if (invocation.payload().contains(fileId) && delivered.add(invocation)) {
        assertThat(invocation.path())
            .isEqualTo("/2015-03-31/functions/" + Functions.UPLOAD_PROCESSOR.id() + "/invocations");
        var output = new java.io.ByteArrayOutputStream();
        try {
          notifications.handleRequest(
              new java.io.ByteArrayInputStream(
                  invocation.payload().getBytes(StandardCharsets.UTF_8)),
              output,
              null);
          Json.MAPPER.readTree(output.toByteArray()).forEach(o -> outcomes.add(o.asText()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return outcomes;
  }

  private final Set<LambdaInvokeStub.Invocation> delivered =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  /** A new account with a session; returns its bearer token. */
  public String newUser() {
    String token = SessionTokens.newToken();
    DynamoSessionStore.fromConfig(config, emulators.dynamoDb())
        .put(
            new Session(
                SessionTokens.hash(token),
                "acct-" + UUID.randomUUID(),
                clock.instant(),
                clock.instant().plus(Duration.ofDays(3650))));
    return token;
  }

  public static APIGatewayV2HTTPEvent event(
      String method,
      String routePath,
      String path,
      Map<String, String> params,
      String token,
      String body) {
    APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
    e.setRouteKey(method + " " + routePath);
    e.setRawPath(path);
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (token != null) {
      headers.put("authorization", "Bearer " + token);
    }
    e.setHeaders(headers);
    e.setPathParameters(params);
    e.setBody(body);
    e.setIsBase64Encoded(false);
    var ctx = new APIGatewayV2HTTPEvent.RequestContext();
    var h = new APIGatewayV2HTTPEvent.RequestContext.Http();
    h.setMethod(method);
    h.setPath(path);
    ctx.setHttp(h);
    ctx.setRequestId("test");
    e.setRequestContext(ctx);
    return e;
  }

  /**
   * Runs {@code n} calls at once (released together) and returns their answers in order: for
   * proving what concurrent requests get.
   */
  public static <T> List<T> concurrently(int n, java.util.function.IntFunction<T> call)
      throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(Math.min(n, 16));
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<T>> answers = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int index = i;
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.apply(index);
                }));
      }
      go.countDown();
      List<T> out = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<T> answer : answers) {
        out.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  public HttpResponse call(APIGatewayV2HTTPEvent event) {
    return api.handle(event);
  }

  /** {@code POST /v1/files/uploads} as a client sends it; the answer whatever it is. */
  public HttpResponse presign(String token, String name, long size) {
    String body =
        Json.write(Map.of("name", name, "size", size, "contentType", "application/octet-stream"));
    return call(event("POST", "/v1/files/uploads", "/v1/files/uploads", null, token, body));
  }

  private final Map<String, String> accounts = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The account behind a session token, asked once per token: authenticating counts against the
   * account's rate limit, which a test about that limit must not spend.
   */
  public String accountOf(String token) {
    return accounts.computeIfAbsent(
        token,
        t ->
            module
                .authenticator
                .authenticate(
                    dev.privacyfirst.common.http.HttpRequest.from(
                        event("GET", "/v1/files", "/v1/files", null, t, null)))
                .accountId());
  }

  public JsonNode begin(String token, String name, long size, String sha256) {
    String body =
        Json.write(
            sha256 == null
                ? Map.of("name", name, "size", size, "contentType", "application/octet-stream")
                : Map.of(
                    "name",
                    name,
                    "size",
                    size,
                    "contentType",
                    "application/octet-stream",
                    "sha256",
                    sha256));
    HttpResponse r =
        call(event("POST", "/v1/files/uploads", "/v1/files/uploads", null, token, body));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    return json(r);
  }

  public static JsonNode json(HttpResponse r) {
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Sends the bytes with the presigned request, as a client would. */
  public int put(JsonNode upload, byte[] bytes) {
    JsonNode request = upload.path("upload");
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(request.path("url").asText()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    request
        .path("headers")
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equalsIgnoreCase("content-length")) {
                b.header(e.getKey(), e.getValue().asText());
              }
            });
    try {
      return http.send(b.build(), BodyHandlers.ofString()).statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static S3Event s3Event(String bucket, String key) {
    var record =
        new S3EventNotification.S3EventNotificationRecord(
            "us-east-1",
            "ObjectCreated:Put",
            "aws:s3",
            "2026-01-01T00:00:00.000Z",
            "2.1",
            null,
            null,
            new S3EventNotification.S3Entity(
                "uploads",
                new S3EventNotification.S3BucketEntity(bucket, null, "arn:aws:s3:::" + bucket),
                new S3EventNotification.S3ObjectEntity(
                    java.net.URLEncoder.encode(key, StandardCharsets.UTF_8), 0L, null, null, null),
                "1.0"),
            null);
    return new S3Event(List.of(record));
  }

  public String incomingBucket() {
    return Buckets.name(config, Buckets.INCOMING);
  }

  public List<String> notify(String fileId) {
    return notifications.handleRequest(s3Event(incomingBucket(), "uploads/" + fileId), null);
  }

  /** Keys in the exports bucket under {@code prefix}. */
  public List<String> exportKeys(String prefix) {
    return emulators
        .s3()
        .listObjectsV2Paginator(r -> r.bucket(module.exportsBucket).prefix(prefix))
        .contents()
        .stream()
        .map(o -> o.key())
        .toList();
  }

  /** Delivers the file's pending download requests to the materialiser, as S3 would. */
  public List<String> deliverDownloadRequests(String fileId) {
    List<String> outcomes = new java.util.ArrayList<>();
    for (String key : exportKeys(Buckets.EXPORT_REQUESTS_PREFIX + fileId + "/")) {
      outcomes.addAll(materialiser.handleRequest(s3Event(module.exportsBucket, key), null));
    }
    return outcomes;
  }

  /** Upload, PUT and process: returns the file id. */
  public String upload(String token, String name, byte[] bytes) {
    JsonNode upload = begin(token, name, bytes.length, null);
    assertThat(put(upload, bytes)).isEqualTo(200);
    String id = upload.path("id").asText();
    assertThat(notify(id)).containsExactly("ready");
    return id;
  }

  /** Uploads with this declared content type (and name) until ready; returns the file id. */
  public String uploadAs(String token, String name, String contentType, byte[] bytes) {
    String body =
        Json.write(Map.of("name", name, "size", bytes.length, "contentType", contentType));
    HttpResponse r =
        call(event("POST", "/v1/files/uploads", "/v1/files/uploads", null, token, body));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
    JsonNode upload = json(r);
    assertThat(put(upload, bytes)).isEqualTo(200);
    String id = upload.path("id").asText();
    assertThat(notify(id)).containsExactly("ready");
    return id;
  }

  public HttpResponse get(String token, String id) {
    return call(event("GET", "/v1/files/{id}", "/v1/files/" + id, Map.of("id", id), token, null));
  }

  public HttpResponse content(String token, String id) {
    return call(
        event(
            "GET",
            "/v1/files/{id}/content",
            "/v1/files/" + id + "/content",
            Map.of("id", id),
            token,
            null));
  }

  public HttpResponse delete(String token, String id) {
    return call(
        event("DELETE", "/v1/files/{id}", "/v1/files/" + id, Map.of("id", id), token, null));
  }

  // ---- invariants ----

  public List<Map<String, AttributeValue>> chunkItems() {
    return emulators
        .dynamoDb()
        .scanPaginator(r -> r.tableName(Tables.name(config, Tables.CHUNKS)).consistentRead(true))
        .items()
        .stream()
        .toList();
  }

  /** Every chunk's count equals its reference items; every record's vault object exists. */
  public void assertNoDrift() {
    Map<String, Long> counts = new HashMap<>();
    Map<String, Long> refs = new HashMap<>();
    Set<String> objectKeys = new HashSet<>();
    for (var item : chunkItems()) {
      String pk = item.get(Tables.PK).s();
      String sk = item.get(Tables.SK).s();
      if (sk.equals("CHUNK")) {
        counts.put(pk, Long.parseLong(item.get("refs").n()));
        objectKeys.add(item.get("objectKey").s());
      } else if (sk.startsWith("REF#")) {
        refs.merge(pk, 1L, Long::sum);
      }
    }
    for (var e : counts.entrySet()) {
      assertThat(e.getValue())
          .as("count of " + e.getKey())
          .isEqualTo(refs.getOrDefault(e.getKey(), 0L));
    }
    assertThat(counts.keySet()).containsAll(refs.keySet());
    Set<String> vault = vaultKeys();
    assertThat(vault).containsAll(objectKeys);
  }

  /** Keys in the incoming bucket (every test's: the bucket is shared). */
  public Set<String> incomingKeys() {
    Set<String> keys = new HashSet<>();
    emulators
        .s3()
        .listObjectsV2Paginator(r -> r.bucket(incomingBucket()))
        .contents()
        .forEach(o -> keys.add(o.key()));
    return keys;
  }

  public Set<String> vaultKeys() {
    Set<String> keys = new HashSet<>();
    emulators
        .s3()
        .listObjectsV2Paginator(r -> r.bucket(Buckets.name(config, Buckets.VAULT)))
        .contents()
        .forEach(o -> keys.add(o.key()));
    return keys;
  }

  /** The reference items of a file, as (position, chunk id). */
  public Set<dev.privacyfirst.files.domain.Occurrence> referencesOf(String fileId) {
    Set<dev.privacyfirst.files.domain.Occurrence> out = new HashSet<>();
    String prefix = "REF#" + fileId + "#";
    for (var item : chunkItems()) {
      String sk = item.get(Tables.SK).s();
      if (sk.startsWith(prefix)) {
        out.add(
            new dev.privacyfirst.files.domain.Occurrence(
                Integer.parseInt(sk.substring(prefix.length())),
                item.get(Tables.PK).s().substring("CHUNK#".length())));
      }
    }
    return out;
  }

  /** Each chunk record's count, by chunk id. */
  public Map<String, Long> chunkCounts() {
    Map<String, Long> counts = new HashMap<>();
    for (var item : chunkItems()) {
      if (item.get(Tables.SK).s().equals("CHUNK")) {
        counts.put(
            item.get(Tables.PK).s().substring("CHUNK#".length()),
            Long.parseLong(item.get("refs").n()));
      }
    }
    return counts;
  }

  public long countRecordsWithRefs(Set<String> chunkPks, long refs) {
    return chunkItems().stream()
        .filter(
            i -> i.get(Tables.SK).s().equals("CHUNK") && chunkPks.contains(i.get(Tables.PK).s()))
        .filter(i -> Long.parseLong(i.get("refs").n()) == refs)
        .count();
  }
}
