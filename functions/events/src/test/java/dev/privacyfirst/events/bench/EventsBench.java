package dev.privacyfirst.events.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.emulators.SharedEmulators;
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
import dev.privacyfirst.events.handler.EventsModule;
import dev.privacyfirst.events.handler.IngestionHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Ingestion benchmark (a plain main, never a test): (1) events/s on one thread for parse + validate
 * + enrich + dedup key on mixpanel-browser-shaped events, against Jackson parsing alone as the
 * peer; (2) a 2000-event /import batch end to end into DynamoDB Local; (3) DynamoDB requests per
 * 1000 events.
 */
public final class EventsBench {
  private EventsBench() {}

  static final String UA =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  static String event(String token, int i, long timeSeconds, boolean withToken) {
    return "{\"event\":\""
        + (i % 3 == 0 ? "Page viewed" : i % 3 == 1 ? "Button clicked" : "File uploaded")
        + "\",\"properties\":{"
        + (withToken ? "\"token\":\"" + token + "\"," : "")
        + "\"time\":"
        + timeSeconds
        + ",\"distinct_id\":\"user-"
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
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(event(token, offset + i, time, withToken));
    }
    return sb.append(']').toString();
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
        new ProjectService(new MemoryProjects(project), new KeyedHash(key), clock);
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
            LocationResolver.chain(LocationResolver.NONE),
            new UserAgents(),
            new VisitorIds(salts, clock),
            clock);
    ClientContext context =
        new ClientContext(
            new LocationHints("203.0.113.5", "DE", "BE", "Berlin"), true, UA, false, false, null);
    int perBatch = 50;
    int batches = 400; // 20,000 events per iteration
    List<byte[]> payloads = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      payloads.add(
          batch(project.token(), perBatch, b * perBatch, now - 60, true)
              .getBytes(StandardCharsets.UTF_8));
    }
    int iterations = Integer.getInteger("bench.iterations", 9);
    double[] pipeline = new double[iterations];
    double[] parseOnly = new double[iterations];
    long sink = 0;
    for (int warm = 0; warm < 6; warm++) {
      sink += runPipeline(service, payloads, context, now);
      sink += runParse(payloads);
    }
    for (int it = 0; it < iterations; it++) {
      long t0 = System.nanoTime();
      sink += runParse(payloads);
      long t1 = System.nanoTime();
      sink += runPipeline(service, payloads, context, now);
      long t2 = System.nanoTime();
      parseOnly[it] = batches * perBatch / ((t1 - t0) / 1e9);
      pipeline[it] = batches * perBatch / ((t2 - t1) / 1e9);
    }
    System.out.printf(
        "pipeline (parse+validate+enrich+dedup key), 1 thread: median %.0f events/s (runs %s)%n",
        median(pipeline),
        Arrays.toString(Arrays.stream(pipeline).mapToLong(Math::round).toArray()));
    System.out.printf(
        "peer: Jackson parse only, 1 thread: median %.0f events/s; pipeline/parse ratio %.3f%n",
        median(parseOnly), median(pipeline) / median(parseOnly));

    // --- end to end into DynamoDB Local ---
    if (Boolean.getBoolean("bench.skipDynamo")) {
      System.out.println("sink " + sink);
      return;
    }
    SharedEmulators.get();
    if (System.getProperty("SECRETS_SOURCE") == null) {
      System.setProperty("SECRETS_SOURCE", "file:" + Files.createTempDirectory("bench-secrets"));
    }
    AtomicLong requests = new AtomicLong();
    AwsClients.addInterceptorForTests(
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.incrementAndGet();
          }
        });
    EventsModule module = EventsModule.create(Config.fromEnvironment(), clock);
    IngestionHandler handler = new IngestionHandler(module);
    CreatedProject created = module.projects().create("bench", 365, DntMode.DROP, false, List.of());
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((created.secret() + ":").getBytes(StandardCharsets.UTF_8));
    int runs = Integer.getInteger("bench.importRuns", 7);
    double[] millis = new double[runs];
    double[] perThousand = new double[runs];
    for (int r = -2; r < runs; r++) {
      String body = batch(null, 2000, (r + 3) * 100_000, now - 3600 - r, false);
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
        "2000-event /import into DynamoDB Local: median %.0f ms (runs %s)%n",
        median(millis), Arrays.toString(Arrays.stream(millis).mapToLong(Math::round).toArray()));
    System.out.printf(
        "DynamoDB requests per 1000 events (500 distinct_ids per batch): median %.1f%n",
        median(perThousand));
    System.out.println("sink " + sink);
    System.exit(0);
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
