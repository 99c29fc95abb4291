package dev.privacyfirst.events.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.events.adapter.EventsWiring;
import dev.privacyfirst.events.domain.ClientContext;
import dev.privacyfirst.events.domain.CreatedProject;
import dev.privacyfirst.events.domain.DntMode;
import dev.privacyfirst.events.domain.IngestionService;
import dev.privacyfirst.events.domain.IngestionService.Endpoint;
import dev.privacyfirst.events.domain.IngestionService.Prepared;
import dev.privacyfirst.events.domain.LocationHints;
import dev.privacyfirst.events.domain.LocationResolver;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.events.domain.ProjectService;
import dev.privacyfirst.events.domain.ProjectStore;
import dev.privacyfirst.events.domain.SaltStore;
import dev.privacyfirst.events.domain.UserAgents;
import dev.privacyfirst.events.domain.VisitorIds;
import dev.privacyfirst.events.handler.TrackingApiHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Ingestion benchmark (a plain main, never a test): (1) events/s on one thread for parse + validate
 * + enrich + dedup key on three workload shapes (mixpanel-browser-shaped events, minimal events,
 * 200-property maps), against Jackson parsing alone of the same payloads as the peer, in
 * interleaved rounds; (2) a 2000-event /import batch end to end into DynamoDB Local, for returning
 * and for new distinct_ids; (3) DynamoDB requests per 1000 events for both.
 */
public final class EventsBench {
  private EventsBench() {}

  static final String UA =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  static String event(String token, int i, long timeSeconds, boolean withToken) {
    return event(token, i, timeSeconds, withToken, "user-");
  }

  /** A mixpanel-browser-shaped event: about 25 properties, one list. */
  static String event(String token, int i, long timeSeconds, boolean withToken, String users) {
    return "{\"event\":\""
        + (i % 3 == 0 ? "Page viewed" : i % 3 == 1 ? "Button clicked" : "File uploaded")
        + "\",\"properties\":{"
        + (withToken ? "\"token\":\"" + token + "\"," : "")
        + "\"time\":"
        + timeSeconds
        + ",\"distinct_id\":\""
        + users
        + (i % 500)
        + "\",\"$device_id\":\"18f2a9c3b1e2d4-0a1b2c3d4e5f6-26001d51-1fa400-18f2a9c3b1e2d4\""
        + ",\"$insert_id\":\"ins"
        + i
        + "x"
        + timeSeconds
        + "\",\"$current_url\":\"https://app.example.com/files/folder/"
        + (i % 40)
        + "\",\"$initial_referrer\":\"$direct\",\"$initial_referring_domain\":\"$direct\""
        + ",\"$referrer\":\"https://app.example.com/\",\"$referring_domain\":\"app.example.com\""
        + ",\"$screen_height\":1080,\"$screen_width\":1920,\"mp_lib\":\"web\",\"$lib_version\":\"2.55.0\""
        + ",\"$browser\":\"Chrome\",\"$browser_version\":124,\"$os\":\"Windows\""
        + ",\"plan\":\"pro\",\"file_size\":"
        + (i * 37 % 100000)
        + ",\"tags\":[\"a\",\"b\"]}}";
  }

  static String batch(String token, int n, int offset, long time, boolean withToken) {
    return batch(token, n, offset, time, withToken, "user-");
  }

  static String batch(String token, int n, int offset, long time, boolean withToken, String users) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(event(token, offset + i, time, withToken, users));
    }
    return sb.append(']').toString();
  }

  /** A minimal server-side event: token, time, distinct_id, $insert_id and one property. */
  static String smallEvent(String token, int i, long timeSeconds) {
    return "{\"event\":\"Signed up\",\"properties\":{\"token\":\""
        + token
        + "\",\"time\":"
        + timeSeconds
        + ",\"distinct_id\":\"user-"
        + (i % 500)
        + "\",\"$insert_id\":\"s"
        + i
        + "x"
        + timeSeconds
        + "\",\"plan\":\"pro\"}}";
  }

  /**
   * An event with a large property map: 200 properties (strings, numbers, booleans, nulls, lists of
   * 5 and objects of 4 scalars), about 9 KB.
   */
  static String largeEvent(String token, int i, long timeSeconds) {
    StringBuilder sb =
        new StringBuilder("{\"event\":\"Report exported\",\"properties\":{\"token\":\"")
            .append(token)
            .append("\",\"time\":")
            .append(timeSeconds)
            .append(",\"distinct_id\":\"user-")
            .append(i % 500)
            .append("\",\"$insert_id\":\"l")
            .append(i)
            .append('x')
            .append(timeSeconds)
            .append('"');
    for (int p = 0; p < 200; p++) {
      sb.append(",\"attribute_").append(p).append("\":");
      switch (p % 6) {
        case 0 -> sb.append("\"value number ").append(p * 31 + i).append(" of the export\"");
        case 1 -> sb.append(p * 1000 + i % 97);
        case 2 -> sb.append(p % 4 == 0 ? "true" : "0.25");
        case 3 -> sb.append("[\"a\",\"b\",").append(p).append(",\"c\",null]");
        case 4 -> sb.append("{\"k\":\"v\",\"n\":").append(p).append(",\"b\":false,\"z\":null}");
        default -> sb.append("null");
      }
    }
    return sb.append("}}").toString();
  }

  /** One workload shape: batches of events as the request bodies carry them. */
  record Workload(String name, List<byte[]> payloads, int events) {}

  static Workload workload(String name, int batches, int perBatch, IntFunction<String> event) {
    List<byte[]> payloads = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < perBatch; i++) {
        sb.append(i == 0 ? "" : ",").append(event.apply(b * perBatch + i));
      }
      payloads.add(sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }
    return new Workload(name, payloads, batches * perBatch);
  }

  static final class MemoryProjects implements ProjectStore {
    final Project project;

    MemoryProjects(Project project) {
      this.project = project;
    }

    @Override
    public void create(Project p, String secretHash) {}

    @Override
    public Optional<Project> byId(String id) {
      return Optional.of(project);
    }

    @Override
    public Optional<Project> byToken(String token) {
      return token.equals(project.token()) ? Optional.of(project) : Optional.empty();
    }

    @Override
    public Optional<Project> bySecretHash(String hash) {
      return Optional.empty();
    }

    @Override
    public List<Project> list() {
      return List.of(project);
    }

    @Override
    public Optional<Project> updateAllowedOrigins(String projectId, List<String> origins) {
      return Optional.empty();
    }

    @Override
    public void deleteLookups(String projectId) {}

    @Override
    public void delete(String projectId) {}
  }

  static double median(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  public static void main(String[] args) throws Exception {
    Clock clock = Clock.systemUTC();
    long now = clock.instant().getEpochSecond();
    Project project =
        new Project(
            "benchproject",
            "bench",
            "0123456789abcdef0123456789abcdef",
            365,
            DntMode.DROP,
            false,
            List.of(),
            Instant.now());
    byte[] key = new byte[32];
    ProjectService projects =
        new ProjectService(new MemoryProjects(project), VersionedHash.single(key), clock);
    SaltStore salts =
        new SaltStore() {
          @Override
          public byte[] saltFor(LocalDate day, long expiresAt) {
            return key;
          }

          @Override
          public void delete(LocalDate day) {}
        };
    IngestionService service =
        new IngestionService(
            projects,
            null,
            null,
            null,
            null,
            LocationResolver.chain(LocationResolver.NONE),
            new UserAgents(),
            new VisitorIds(salts, clock),
            clock);
    ClientContext context =
        new ClientContext(
            new LocationHints("203.0.113.5", "DE", "BE", "Berlin"), true, UA, false, false, null);
    long time = now - 60;
    String token = project.token();
    String only = System.getProperty("bench.workloads", "browser,small,large");
    List<Workload> workloads = new ArrayList<>();
    if (only.contains("browser")) {
      workloads.add(
          workload("browser (~25 properties)", 400, 50, i -> event(token, i, time, true)));
    }
    if (only.contains("small")) {
      workloads.add(workload("small (5 properties)", 400, 50, i -> smallEvent(token, i, time)));
    }
    if (only.contains("large")) {
      workloads.add(workload("large (200 properties)", 100, 20, i -> largeEvent(token, i, time)));
    }
    int rounds = Integer.getInteger("bench.iterations", 9);
    int warmUps = Integer.getInteger("bench.warmUps", 6);
    long sink = 0;
    for (Workload w : workloads) {
      long bytes = w.payloads().stream().mapToLong(b -> b.length).sum();
      System.out.printf(
          "workload %s: %d events in %d batches, %d bytes per event%n",
          w.name(), w.events(), w.payloads().size(), bytes / w.events());
    }
    // Rounds interleave the workloads and the peer; the order within a round alternates so that
    // a burst of load from the machine's other users falls on both sides.
    double[][] pipeline = new double[workloads.size()][rounds];
    double[][] parseOnly = new double[workloads.size()][rounds];
    for (int r = -warmUps; r < rounds; r++) {
      for (int k = 0; k < workloads.size(); k++) {
        Workload w = workloads.get(k);
        long parseNanos;
        long pipelineNanos;
        if ((r & 1) == 0) {
          long t0 = System.nanoTime();
          sink += runParse(w.payloads());
          long t1 = System.nanoTime();
          sink += runPipeline(service, w.payloads(), context, now);
          long t2 = System.nanoTime();
          parseNanos = t1 - t0;
          pipelineNanos = t2 - t1;
        } else {
          long t0 = System.nanoTime();
          sink += runPipeline(service, w.payloads(), context, now);
          long t1 = System.nanoTime();
          sink += runParse(w.payloads());
          long t2 = System.nanoTime();
          pipelineNanos = t1 - t0;
          parseNanos = t2 - t1;
        }
        if (r >= 0) {
          parseOnly[k][r] = w.events() / (parseNanos / 1e9);
          pipeline[k][r] = w.events() / (pipelineNanos / 1e9);
        }
      }
    }
    for (int k = 0; k < workloads.size(); k++) {
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratios[r] = pipeline[k][r] / parseOnly[k][r];
      }
      Arrays.sort(ratios);
      System.out.printf(
          "%s: pipeline (parse+validate+enrich+dedup key), 1 thread: median %.0f events/s;"
              + " peer Jackson parse only: median %.0f events/s;"
              + " per-round ratio pipeline/parse: median %.3f (min %.3f, max %.3f); runs %s%n",
          workloads.get(k).name(),
          median(pipeline[k]),
          median(parseOnly[k]),
          median(ratios),
          ratios[0],
          ratios[rounds - 1],
          Arrays.toString(Arrays.stream(pipeline[k]).mapToLong(Math::round).toArray()));
    }

    // --- end to end into DynamoDB Local ---
    if (Boolean.getBoolean("bench.skipDynamo")) {
      System.out.println("sink " + sink);
      return;
    }
    Config config = SharedEmulators.config();
    AtomicLong requests = new AtomicLong();
    ExecutionInterceptor counting =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.incrementAndGet();
          }
        };
    // The counter rides on the wiring's own clients: every DynamoDB request the function makes.
    EventsWiring module =
        EventsWiring.create(config, clock, new AwsClients(config, List.of(counting)));
    TrackingApiHandler handler = new TrackingApiHandler(module);
    CreatedProject created = module.projects().create("bench", 365, DntMode.DROP, false, List.of());
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((created.secret() + ":").getBytes(StandardCharsets.UTF_8));
    int runs = Integer.getInteger("bench.importRuns", 7);
    // Returning users: the same 500 distinct_ids in every batch, so after the first batch their
    // partition and expiry markers exist. New users: 500 distinct_ids never seen before per batch.
    imports(handler, requests, auth, runs, now, "user-", 0, "500 returning distinct_ids");
    imports(handler, requests, auth, runs, now, null, 0, "500 new distinct_ids");

    // A pending rotation of events-lookup: version 2 current, version 1 still readable until the
    // re-key pass has run, so the opt-out read asks one more key per distinct_id. The returning
    // users' data is under version 1; their version-2 markers are written in the warm-up batches.
    Path secrets = Path.of(config.require(EnvVars.SECRETS_SOURCE).substring("file:".length()));
    int version = new FileSecrets(secrets).rotate(AppSecrets.EVENTS_LOOKUP.name());
    EventsWiring rotated =
        EventsWiring.create(config, clock, new AwsClients(config, List.of(counting)));
    imports(
        new TrackingApiHandler(rotated),
        requests,
        auth,
        runs,
        now,
        "user-",
        runs + 3,
        "500 returning distinct_ids, key version " + version + " current, 1 older pending");
    System.out.println("sink " + sink);
    System.exit(0);
  }

  /**
   * Timed 2000-event /import batches (2 warm-up, {@code runs} timed), each with 500 distinct_ids:
   * the same ones every batch ({@code users} a prefix) or new ones per batch ({@code users} null);
   * event ids start at batch number {@code firstBatch}, so that a later series sends new events.
   */
  private static void imports(
      TrackingApiHandler handler,
      AtomicLong requests,
      String auth,
      int runs,
      long now,
      String users,
      int firstBatch,
      String label) {
    double[] millis = new double[runs];
    double[] perThousand = new double[runs];
    for (int r = -2; r < runs; r++) {
      String prefix = users != null ? users : "new" + (r + 3) + "-";
      String body =
          batch(null, 2000, (firstBatch + r + 3) * 100_000, now - 3600 - r, false, prefix);
      APIGatewayV2HTTPEvent request =
          APIGatewayV2HTTPEvent.builder()
              .withRouteKey("POST /import")
              .withRawPath("/import")
              .withHeaders(Map.of("content-type", "application/json", "authorization", auth))
              .withBody(body)
              .withIsBase64Encoded(false)
              .withRequestContext(
                  APIGatewayV2HTTPEvent.RequestContext.builder()
                      .withRequestId("bench")
                      .withHttp(
                          APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                              .withMethod("POST")
                              .withPath("/import")
                              .withSourceIp("198.51.100.1")
                              .build())
                      .build())
              .build();
      long before = requests.get();
      long t0 = System.nanoTime();
      HttpResponse response = handler.handle(request);
      long t1 = System.nanoTime();
      if (response.status() != 200) {
        throw new IllegalStateException("import failed: " + response.bodyText());
      }
      if (r >= 0) {
        millis[r] = (t1 - t0) / 1e6;
        perThousand[r] = (requests.get() - before) / 2.0;
      }
    }
    System.out.printf(
        "2000-event /import into DynamoDB Local (%s per batch): median %.0f ms (runs %s)%n",
        label,
        median(millis),
        Arrays.toString(Arrays.stream(millis).mapToLong(Math::round).toArray()));
    System.out.printf(
        "DynamoDB requests per 1000 events (%s per batch): median %.1f%n",
        label, median(perThousand));
  }

  static long runParse(List<byte[]> payloads) throws Exception {
    long n = 0;
    for (byte[] payload : payloads) {
      JsonNode tree = Json.MAPPER.readTree(payload);
      n += tree.size();
    }
    return n;
  }

  static long runPipeline(
      IngestionService service, List<byte[]> payloads, ClientContext context, long now)
      throws Exception {
    long accepted = 0;
    Instant instant = Instant.ofEpochSecond(now);
    for (byte[] payload : payloads) {
      JsonNode tree = Json.MAPPER.readTree(payload);
      for (int i = 0; i < tree.size(); i++) {
        Prepared p = service.prepare(Endpoint.TRACK, null, i, tree.get(i), context, instant);
        if (p instanceof Prepared.Accept) {
          accepted++;
        } else {
          throw new IllegalStateException("rejected: " + p);
        }
      }
    }
    return accepted;
  }
}
