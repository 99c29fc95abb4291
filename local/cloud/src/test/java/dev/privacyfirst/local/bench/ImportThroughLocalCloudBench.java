package dev.privacyfirst.local.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.local.LocalCloud;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Mixpanel-shaped ingestion end to end through the local cloud: HTTP front → TrackingApiHandler →
 * DynamoDB Local, all in this JVM. Creates a project through {@code /_local/invoke/EventProjects},
 * then POSTs 2000-event batches to {@code /import?strict=1} with the project secret (HTTP Basic)
 * and 50-event batches to {@code /track} (base64 {@code data=} form, as mixpanel-browser sends).
 * Every batch carries fresh {@code $insert_id}s, so every event is stored. Plain main, no
 * assertions beyond "the server accepted the batch".
 *
 * <p>Arguments (all optional): timed import batches (9), warm-up batches (3), /track batches (9).
 */
public final class ImportThroughLocalCloudBench {
  static final int IMPORT_BATCH = 2000;
  static final String RAW_TABLE = "bench-raw-events";
  static final int TRACK_BATCH = 50;
  static final int DISTINCT_IDS_PER_BATCH = 500;
  private static final String[] BROWSERS = {"Chrome", "Firefox", "Safari", "Edge"};
  private static final String[] OSES = {"Windows", "Mac OS X", "Linux", "Android", "iOS"};
  private static final String[] PAGES = {"/", "/pricing", "/docs/start", "/blog/launch", "/signup"};
  private static final String[] SOURCES = {"google", "newsletter", "twitter", "partner"};
  private static final String[] MEDIUMS = {"cpc", "email", "social", "referral"};
  private static final String[] EVENTS = {"Page Viewed", "Button Clicked", "Signed Up", "Purchase"};

  private ImportThroughLocalCloudBench() {}

  public static void main(String[] args) throws Exception {
    int timed = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int trackTimed = args.length > 2 ? Integer.parseInt(args[2]) : 9;
    Path dataDir = Files.createTempDirectory("import-bench");
    System.out.println("load average at start: " + BenchSupport.loadAverage());
    long started = System.nanoTime();
    try (LocalCloud cloud = BenchSupport.start(dataDir, Duration.ofMillis(500))) {
      System.out.printf(
          "local cloud up in %.1f s at %s%n", (System.nanoTime() - started) / 1e9, cloud.baseUri());
      ObjectNode create =
          (ObjectNode)
              BenchSupport.JSON.readTree(
                  Files.readString(
                      BenchSupport.eventsDir().resolve("EventProjects/create-project.json")));
      create.put("name", "Import benchmark");
      JsonNode project = BenchSupport.invoke(cloud, "EventProjects", create);
      String token = project.path("token").asText();
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((project.path("secret").asText() + ":").getBytes(UTF_8));
      Random random = new Random(20260101L);

      DynamoDbClient dynamo = cloud.emulators().dynamoDb();
      dynamo.createTable(
          r ->
              r.tableName(RAW_TABLE)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                      a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                  .keySchema(
                      k -> k.attributeName("pk").keyType(KeyType.HASH),
                      k -> k.attributeName("sk").keyType(KeyType.RANGE)));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Double> rawMs = new ArrayList<>();
      List<Double> importMs = new ArrayList<>();
      long bodyBytes = 0;
      // New users in every batch first (each distinct_id's markers written), then the users of
      // batch 0 again (markers found, only the events written).
      List<Double> returningMs = new ArrayList<>();
      for (int i = 0; i < warmUp + 2 * timed; i++) {
        boolean returning = i >= warmUp + timed;
        ArrayNode events = batch(random, token, IMPORT_BATCH, i, returning ? 0 : i, true);
        byte[] body = BenchSupport.JSON.writeValueAsBytes(events);
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/import?strict=1"))
                .timeout(Duration.ofSeconds(120))
                .header("content-type", "application/json")
                .header("authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = BenchSupport.send(request);
        double ms = (System.nanoTime() - t0) / 1e6;
        JsonNode answer = BenchSupport.expect(response, 200, "import batch " + i);
        int imported = answer.path("num_records_imported").asInt();
        if (imported != IMPORT_BATCH) {
          throw new IllegalStateException("batch " + i + " imported " + imported + ": " + answer);
        }
        double raw = rawWrite(dynamo, pool, events);
        System.out.printf(
            "%s import batch %d: %.0f ms (%d bytes); raw BatchWriteItem of the same events %.0f"
                + " ms%n",
            i < warmUp ? "warm-up" : returning ? "return " : "timed  ", i, ms, body.length, raw);
        if (returning) {
          returningMs.add(ms);
        } else if (i >= warmUp) {
          importMs.add(ms);
          rawMs.add(raw);
          bodyBytes = body.length;
        }
      }

      List<Double> trackMs = new ArrayList<>();
      for (int i = 0; i < warmUp + trackTimed; i++) {
        String data =
            Base64.getEncoder()
                .encodeToString(
                    BenchSupport.JSON.writeValueAsBytes(
                        batch(random, token, TRACK_BATCH, 1000 + i, 1000 + i, false)));
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(cloud.baseUri() + "/track"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/x-www-form-urlencoded")
                .header(
                    "user-agent",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
                        + " Gecko) Chrome/120.0.0.0 Safari/537.36")
                .POST(HttpRequest.BodyPublishers.ofString("data=" + URLEncoder.encode(data, UTF_8)))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = BenchSupport.send(request);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != 200) {
          throw new IllegalStateException("track batch " + i + ": " + response.body());
        }
        JsonNode tracked = BenchSupport.JSON.readTree(response.body());
        if (!(tracked.isInt() ? tracked.asInt() == 1 : tracked.path("status").asInt() == 1)) {
          throw new IllegalStateException("track batch " + i + ": " + response.body());
        }
        if (i >= warmUp) {
          trackMs.add(ms);
        }
      }

      pool.shutdown();
      double median = BenchSupport.median(importMs);
      System.out.println();
      System.out.println("load average at end: " + BenchSupport.loadAverage());
      System.out.printf(
          "/import 2000 events (%d bytes/batch, %d distinct_ids): median %.0f ms, min %.0f, max"
              + " %.0f, runs %s%n",
          bodyBytes,
          DISTINCT_IDS_PER_BATCH,
          median,
          BenchSupport.min(importMs),
          BenchSupport.max(importMs),
          BenchSupport.list(importMs, "%.0f"));
      System.out.printf(
          "/import events/s at the median: %.0f; target 2000 events < 2000 ms: %s%n",
          IMPORT_BATCH / (median / 1000), median < 2000 ? "met" : "NOT met");
      System.out.printf(
          "/import 2000 events of returning users (batch 0's distinct_ids, markers already"
              + " written): median %.0f ms, min %.0f, max %.0f, runs %s%n",
          BenchSupport.median(returningMs),
          BenchSupport.min(returningMs),
          BenchSupport.max(returningMs),
          BenchSupport.list(returningMs, "%.0f"));
      System.out.printf(
          "peer, raw BatchWriteItem of the same 2000 events (25/request, 8 in flight) to the same"
              + " DynamoDB Local: median %.0f ms, min %.0f, max %.0f; ratio /import / raw: %.2f%n",
          BenchSupport.median(rawMs),
          BenchSupport.min(rawMs),
          BenchSupport.max(rawMs),
          median / BenchSupport.median(rawMs));
      System.out.printf(
          "/track 50 events: median %.1f ms, min %.1f, max %.1f, runs %s%n",
          BenchSupport.median(trackMs),
          BenchSupport.min(trackMs),
          BenchSupport.max(trackMs),
          BenchSupport.list(trackMs, "%.0f"));
    } finally {
      BenchSupport.deleteQuietly(dataDir);
    }
  }

  /**
   * The peer: the batch's events as items (key + the properties as one JSON string), written with
   * BatchWriteItem of 25, 8 requests in flight, unprocessed items retried: DynamoDB Local's own
   * cost for the same number of items, without HTTP front, validation or opt-out reads.
   */
  static double rawWrite(DynamoDbClient dynamo, ExecutorService pool, ArrayNode events)
      throws Exception {
    List<WriteRequest> all = new ArrayList<>();
    for (JsonNode e : events) {
      JsonNode p = e.path("properties");
      all.add(
          WriteRequest.builder()
              .putRequest(
                  r ->
                      r.item(
                          Map.of(
                              "pk", AttributeValue.fromS("E#" + p.path("distinct_id").asText()),
                              "sk",
                                  AttributeValue.fromS(
                                      p.path("time").asText()
                                          + "#"
                                          + p.path("$insert_id").asText()),
                              "props", AttributeValue.fromS(p.toString()))))
              .build());
    }
    long t0 = System.nanoTime();
    List<Future<?>> inFlight = new ArrayList<>();
    for (int from = 0; from < all.size(); from += 25) {
      List<WriteRequest> chunk = all.subList(from, Math.min(all.size(), from + 25));
      inFlight.add(
          pool.submit(
              () -> {
                Map<String, List<WriteRequest>> pending = Map.of(RAW_TABLE, chunk);
                while (!pending.isEmpty()) {
                  Map<String, List<WriteRequest>> left = pending;
                  pending = dynamo.batchWriteItem(r -> r.requestItems(left)).unprocessedItems();
                }
              }));
    }
    for (Future<?> f : inFlight) {
      f.get();
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** One batch of Mixpanel-shaped events, fresh $insert_ids, times within the last 2 days. */
  static ArrayNode batch(
      Random random, String token, int size, int batchNo, int userBatchNo, boolean server) {
    ArrayNode events = BenchSupport.JSON.createArrayNode();
    long now = Instant.now().getEpochSecond();
    int ids = server ? DISTINCT_IDS_PER_BATCH : 1;
    for (int i = 0; i < size; i++) {
      ObjectNode event = events.addObject();
      event.put("event", EVENTS[random.nextInt(EVENTS.length)]);
      ObjectNode p = event.putObject("properties");
      if (!server) {
        p.put("token", token);
      }
      String distinctId = "user-" + userBatchNo + "-" + random.nextInt(ids);
      String page = PAGES[random.nextInt(PAGES.length)];
      p.put("distinct_id", distinctId);
      p.put("$device_id", "dev-" + Long.toHexString(random.nextLong()));
      p.put("time", now - 60 - random.nextInt(2 * 86_400));
      p.put("$insert_id", "b" + batchNo + "e" + i + "r" + Long.toHexString(random.nextLong()));
      p.put("$browser", BROWSERS[random.nextInt(BROWSERS.length)]);
      p.put("$browser_version", 100 + random.nextInt(30));
      p.put("$os", OSES[random.nextInt(OSES.length)]);
      p.put("$current_url", "https://app.example.com" + page + "?ref=" + random.nextInt(1000));
      p.put("$referrer", "https://www.google.com/");
      p.put("$screen_width", 1280 + 64 * random.nextInt(10));
      p.put("$screen_height", 720 + 36 * random.nextInt(10));
      p.put("mp_lib", server ? "python" : "web");
      p.put("utm_source", SOURCES[random.nextInt(SOURCES.length)]);
      p.put("utm_medium", MEDIUMS[random.nextInt(MEDIUMS.length)]);
      p.put("utm_campaign", "spring-" + random.nextInt(5));
      p.put("plan", random.nextBoolean() ? "free" : "pro");
      p.put("amount", Math.round(random.nextDouble() * 10_000) / 100.0);
    }
    return events;
  }
}
