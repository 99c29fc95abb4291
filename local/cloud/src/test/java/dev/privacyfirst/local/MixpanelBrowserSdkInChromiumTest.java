package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.privacyfirst.testkit.Chromium;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Issue 14's "Done when", tried as a new user would: a page using the official mixpanel-browser
 * (pinned in src/test/mixpanel-browser/package-lock.json, installed by {@code npm ci} here) with
 * its default settings, only {@code api_host} changed, served from an origin the project allows, in
 * a real headless Chromium (Debian's), through the local cloud. Every request the SDK makes must
 * get a 2xx (Chrome's network log sees XHRs and the page-unload beacon alike), and every event and
 * profile update it sent must be in the export. A page from an origin no project allows gets no
 * CORS grant and stores nothing.
 */
@WithLocalCloud(ses = false)
class MixpanelBrowserSdkInChromiumTest {
  private static final Path SDK_DIR = Path.of("src/test/mixpanel-browser").toAbsolutePath();

  private static Path profileDir;
  private static LocalCloud cloud;
  private static HttpServer pages;
  private static WebDriver browser;

  @BeforeAll
  static void start(LocalCloud started) throws Exception {
    Chromium.ensureInstalled();
    ensureSdkInstalled();
    cloud = started;
    pages = servePages();
    profileDir = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = Chromium.options(profileDir);
    // Chrome's network log: every request of the page, beacons included, with its outcome.
    options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
    browser = Chromium.start(options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (pages != null) {
      pages.stop(0);
    }
    TestFiles.deleteQuietly(profileDir);
  }

  private static void skip(String reason) {
    String message = "SKIPPED: " + reason;
    System.out.println(message);
    Assumptions.abort(message);
  }

  /** Debian's chromium, installed by functions/email's script when missing (as its test does). */
  /** {@code npm ci} of the pinned SDK when node_modules is missing. */
  private static void ensureSdkInstalled() throws Exception {
    NpmTestPackage.ensureInstalled(SDK_DIR, "node_modules/mixpanel-browser/dist/mixpanel.module.js")
        .ifPresent(MixpanelBrowserSdkInChromiumTest::skip);
  }

  /** The tracking page and the SDK's ES module, on their own loopback origin. */
  private static HttpServer servePages() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    Map<String, Path> files =
        Map.of(
            "/", SDK_DIR.resolve("page/index.html"),
            "/mixpanel.module.js",
                SDK_DIR.resolve("node_modules/mixpanel-browser/dist/mixpanel.module.js"));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Path file = files.get(exchange.getRequestURI().getPath());
            if (file == null) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange
                .getResponseHeaders()
                .set(
                    "content-type",
                    file.toString().endsWith(".js")
                        ? "text/javascript; charset=utf-8"
                        : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
    return server;
  }

  private static String pageOrigin(String host) {
    return "http://" + host + ":" + pages.getAddress().getPort();
  }

  private static String api() {
    return "http://127.0.0.1:" + cloud.port();
  }

  /** A project allowing these origins; answers token and secret. */
  private static JsonNode project(List<String> origins) throws Exception {
    ObjectNode create = CloudUser.JSON.createObjectNode();
    create.put("action", "create");
    create.put("name", "Browser " + UUID.randomUUID());
    create.put("retentionDays", 365);
    create.put("dntMode", "DROP");
    create.put("cookieless", false);
    origins.forEach(create.putArray("allowedOrigins")::add);
    JsonNode project = CloudUser.invoke(cloud, "EventProjects", create);
    assertThat(project.path("token").asText()).as(project.toString()).isNotBlank();
    return project;
  }

  private static JsonNode export(JsonNode project, String query) throws Exception {
    return CloudUser.eventsExport(cloud, project, query);
  }

  private static String param(String name, String value) {
    return name + "=" + URLEncoder.encode(value, UTF_8);
  }

  private static Object script(String js, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(js, args);
  }

  private static void openPage(String origin) throws InterruptedException {
    browser.get(origin + "/");
    for (int i = 0;
        i < 100 && !Boolean.TRUE.equals(script("return window.__ready === true;"));
        i++) {
      Thread.sleep(50);
    }
    assertThat(script("return window.__ready === true;")).isEqualTo(true);
  }

  /**
   * Waits until the SDK has nothing queued (its localStorage batch queues are empty) and no request
   * is in flight, for a second in a row.
   */
  private static void waitUntilTheSdkIsIdle(String token) throws InterruptedException {
    String idle =
        // The SDK's queues (events, people, groups); their lock keys are not queues.
        "var queues = ['_ev', '_pp', '_gr'];"
            + "for (var i = 0; i < queues.length; i++) {"
            + "  var raw = localStorage.getItem('__mpq_' + arguments[0] + queues[i]);"
            + "  if (raw) { try { if (JSON.parse(raw).length > 0) { return false; } }"
            + "    catch (e) { return false; } } }"
            + "return window.__xhr.every(function (r) { return r.status !== null; });";
    int quiet = 0;
    for (int i = 0; i < 600 && quiet < 10; i++) {
      quiet = Boolean.TRUE.equals(script(idle, token)) ? quiet + 1 : 0;
      Thread.sleep(100);
    }
    assertThat(quiet).as("the SDK flushed its queues").isGreaterThanOrEqualTo(10);
  }

  /** One request the browser made to the API, from Chrome's network log. */
  record Seen(
      String url, String method, String contentType, String body, Integer status, String failure) {}

  private static final Map<String, String[]> SENT = new LinkedHashMap<>();
  private static final Map<String, Integer> STATUSES = new LinkedHashMap<>();
  private static final Map<String, String> FAILURES = new LinkedHashMap<>();

  /** Forgets the requests logged so far. */
  private static void clearNetworkLog() {
    browser.manage().logs().get(LogType.PERFORMANCE);
    SENT.clear();
    STATUSES.clear();
    FAILURES.clear();
  }

  /** The requests to the API in Chrome's network log since it was cleared, with outcomes. */
  private static List<Seen> networkLog() throws IOException {
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = CloudUser.JSON.readTree(entry.getMessage()).path("message");
      String method = message.path("method").asText();
      JsonNode params = message.path("params");
      String id = params.path("requestId").asText();
      switch (method) {
        case "Network.requestWillBeSent" -> {
          JsonNode request = params.path("request");
          if (request.path("url").asText().startsWith(api() + "/")) {
            String contentType = "";
            for (var it = request.path("headers").fields(); it.hasNext(); ) {
              var header = it.next();
              if (header.getKey().equalsIgnoreCase("content-type")) {
                contentType = header.getValue().asText();
              }
            }
            SENT.put(
                id,
                new String[] {
                  request.path("url").asText(),
                  request.path("method").asText(),
                  contentType,
                  request.path("postData").asText(null)
                });
          }
        }
        case "Network.responseReceived" ->
            STATUSES.put(id, params.path("response").path("status").asInt());
        case "Network.loadingFailed" ->
            FAILURES.put(
                id,
                params.path("errorText").asText()
                    + " "
                    + params.path("corsErrorStatus")
                    + " "
                    + params.path("blockedReason").asText(""));
        default -> {}
      }
    }
    List<Seen> seen = new ArrayList<>();
    SENT.forEach(
        (id, r) -> seen.add(new Seen(r[0], r[1], r[2], r[3], STATUSES.get(id), FAILURES.get(id))));
    return seen;
  }

  /** The records (events or profile updates) of a request body: data=base64(JSON), urlencoded. */
  private static List<JsonNode> records(String body) throws IOException {
    assertThat(body).as("request body").startsWith("data=");
    String data = URLDecoder.decode(body.substring(5).split("&", 2)[0], UTF_8);
    JsonNode json = CloudUser.JSON.readTree(new String(Base64.getDecoder().decode(data), UTF_8));
    List<JsonNode> records = new ArrayList<>();
    if (json.isArray()) {
      json.forEach(records::add);
    } else {
      records.add(json);
    }
    return records;
  }

  private static final String SCENARIO =
      """
      var done = arguments[arguments.length - 1];
      var api = arguments[0], token = arguments[1], token2 = arguments[2];
      var user = arguments[3], alias = arguments[4], deleted = arguments[5];
      // Default settings: only api_host.
      mixpanel.init(token, {api_host: api});
      mixpanel.opt_in_tracking();
      mixpanel.register({plan: 'pro'});
      mixpanel.track('Viewed page', {section: 'home'});
      mixpanel.time_event('Checkout');
      mixpanel.identify(user);
      mixpanel.people.set({name: 'Ada', gone: 1});
      mixpanel.people.set_once({first_seen: 'today'});
      mixpanel.people.set_once({name: 'Not Ada'});
      mixpanel.people.increment('visits', 2);
      mixpanel.people.increment('visits');
      mixpanel.people.append('pages', '/a');
      mixpanel.people.union('tags', ['x', 'y']);
      mixpanel.set_group('company', 'acme');
      var group = mixpanel.get_group('company', 'acme');
      group.set({name: 'Acme', size: 10});
      group.set_once({founded: 1999});
      group.union('plans', ['a', 'b']);
      mixpanel.track('Checkout', {amount: 12});
      mixpanel.alias(alias);
      // Non-batch mode: a second instance, its own project, requests sent one by one.
      window.__steps = [];
      var nb = mixpanel.init(token2, {api_host: api, batch_requests: false}, 'nobatch');
      window.__steps.push('nb ' + typeof nb);
      nb.track('Unbatched event', {n: 1}, function (r) {
        window.__steps.push('tracked ' + JSON.stringify(r));
        nb.identify(deleted);
        nb.people.set({temp: 1}, function (r) {
          window.__steps.push('set ' + JSON.stringify(r));
          // delete_user takes no callback: the test waits for its request to complete.
          nb.people.delete_user();
          done('ok');
        });
      });
      """;

  @Test
  void mixpanelBrowserWithOnlyApiHostChangedStoresEverythingWithNoFailedRequest() throws Exception {
    String origin = pageOrigin("127.0.0.1");
    JsonNode main = project(List.of(origin));
    JsonNode second = project(List.of(origin));
    String user = "user-" + UUID.randomUUID();
    String alias = "alias-" + UUID.randomUUID();
    String deleted = "deleted-" + UUID.randomUUID();
    String token = main.path("token").asText();

    openPage(origin);
    clearNetworkLog();
    Object finished;
    try {
      finished =
          ((JavascriptExecutor) browser)
              .executeAsyncScript(
                  SCENARIO, api(), token, second.path("token").asText(), user, alias, deleted);
    } catch (org.openqa.selenium.ScriptTimeoutException e) {
      throw new AssertionError(
          "the scenario did not finish: steps "
              + script("return JSON.stringify(window.__steps);")
              + ", requests "
              + script("return JSON.stringify(window.__xhr);")
              + ", network "
              + networkLog(),
          e);
    }
    assertThat(finished).isEqualTo("ok");
    waitUntilTheSdkIsIdle(token);
    // Operations whose result depends on their order come once the first ones are stored: the
    // SDK's queue does not promise the order of updates made in the same instant.
    script(
        "mixpanel.people.remove('tags', 'x');"
            + "mixpanel.people.unset('gone');"
            + "var group = mixpanel.get_group('company', 'acme');"
            + "group.remove('plans', 'a');"
            + "group.unset('size');");
    waitUntilTheSdkIsIdle(token);
    // alias() sends $create_alias and keeps the distinct_id (the alias is its other name).
    assertThat(script("return mixpanel.get_distinct_id();")).isEqualTo(user);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> xhrs = (List<Map<String, Object>>) script("return window.__xhr;");
    // The page is hidden (a tab switch) with an event still queued: the SDK flushes its queue
    // with navigator.sendBeacon, a text/plain body. Chrome logs that request while the page is
    // alive; the visibility change is emulated, the SDK's handler and the beacon are real.
    script("mixpanel.track('Left page', {seconds: 35});");
    String hideOnceQueued =
        "var queue = localStorage.getItem('__mpq_' + arguments[0] + '_ev') || '';"
            + "if (queue.indexOf('Left page') < 0) { return false; }"
            + "Object.defineProperty(document, 'visibilityState',"
            + "  {configurable: true, get: function () { return 'hidden'; }});"
            + "document.dispatchEvent(new Event('visibilitychange', {bubbles: true}));"
            + "return true;";
    for (int i = 0; i < 100 && !Boolean.TRUE.equals(script(hideOnceQueued, token)); i++) {
      Thread.sleep(20);
    }
    List<Seen> seen = networkLog();
    for (int i = 0;
        i < 100
            && (seen.stream().anyMatch(x -> x.status() == null && x.failure() == null)
                || seen.stream().noneMatch(x -> x.contentType().startsWith("text/plain")));
        i++) {
      Thread.sleep(100);
      seen = networkLog();
    }
    Object beacons = script("return JSON.stringify(window.__beacons);");
    // Then it really unloads: beacons don't learn their outcome, so the SDK kept the events and
    // sends them again now; they are the same events (same time and $insert_id) and stay one.
    script("mixpanel.track('Closed tab');");
    browser.get("about:blank");
    Thread.sleep(1000);

    assertThat(xhrs).isNotEmpty();
    assertThat(xhrs)
        .as("every XMLHttpRequest of the SDK answered 200 and readable (CORS granted)")
        .allSatisfy(
            x -> {
              assertThat(((Number) x.get("status")).intValue()).as(x.toString()).isEqualTo(200);
              // Mixpanel's success answers: 1, or {"status":1,"error":null} with verbose=1.
              assertThat(String.valueOf(x.get("response")))
                  .as(x.toString())
                  .isIn("1", "{\"status\":1,\"error\":null}");
            });
    assertThat(seen).as("requests in Chrome's network log").hasSizeGreaterThan(xhrs.size() - 1);
    assertThat(seen)
        .as("every SDK request got a 2xx and none failed")
        .allSatisfy(
            x -> {
              assertThat(x.failure()).as(x.toString()).isNull();
              assertThat(x.status()).as(x.toString()).isNotNull().isBetween(200, 299);
            });
    assertThat(seen.stream().map(x -> URI.create(x.url()).getPath()).distinct())
        .as("the SDK's default paths")
        .contains("/track/", "/engage/", "/groups/");
    assertThat(seen.stream().filter(x -> x.contentType().startsWith("text/plain")))
        .as(
            "the page-hide beacon (handed to the browser: %s), among %s",
            beacons,
            seen.stream().map(x -> x.method() + " " + x.url() + " " + x.contentType()).toList())
        .isNotEmpty();

    // Every event sent is in the export of its distinct_id, with its $insert_id.
    Map<String, List<String>> sentByDistinctId = new LinkedHashMap<>();
    Map<String, String> tokenOfDistinctId = new LinkedHashMap<>();
    for (Seen s : seen) {
      if (!URI.create(s.url()).getPath().equals("/track/")) {
        continue;
      }
      for (JsonNode event : records(s.body())) {
        JsonNode props = event.path("properties");
        String distinctId = props.path("distinct_id").asText();
        sentByDistinctId
            .computeIfAbsent(distinctId, k -> new ArrayList<>())
            .add(event.path("event").asText() + "#" + props.path("$insert_id").asText());
        tokenOfDistinctId.put(distinctId, props.path("token").asText());
      }
    }
    List<String> names =
        sentByDistinctId.values().stream()
            .flatMap(List::stream)
            .map(n -> n.substring(0, n.indexOf('#')))
            .toList();
    assertThat(names)
        .contains(
            "$opt_in",
            "Viewed page",
            "$identify",
            "Checkout",
            "$create_alias",
            "Unbatched event",
            "Left page");
    JsonNode userExport = export(main, param("distinct_id", user));
    assertThat(userExport.path("events").findValuesAsText("event"))
        .as("sent by the beacon of the hidden page and again by the one of the unload: one event")
        .containsOnlyOnce("Left page")
        .contains("Closed tab");
    for (var entry : sentByDistinctId.entrySet()) {
      JsonNode project = tokenOfDistinctId.get(entry.getKey()).equals(token) ? main : second;
      JsonNode exported = export(project, param("distinct_id", entry.getKey()));
      List<String> stored = new ArrayList<>();
      exported
          .path("events")
          .forEach(
              e ->
                  stored.add(
                      e.path("event").asText()
                          + "#"
                          + e.path("properties").path("$insert_id").asText()));
      assertThat(stored).as(entry.getKey()).containsAll(entry.getValue());
    }
    JsonNode checkout =
        findEvent(export(main, param("distinct_id", user)), "Checkout").orElseThrow();
    assertThat(checkout.path("properties").path("plan").asText()).isEqualTo("pro");
    assertThat(checkout.path("properties").has("$duration")).isTrue();

    // Every profile update landed: the profile is their result, in order.
    JsonNode profile = export(main, param("distinct_id", user)).path("profile");
    assertThat(profile.path("name").asText()).isEqualTo("Ada");
    assertThat(profile.path("first_seen").asText()).isEqualTo("today");
    assertThat(profile.path("visits").asInt()).isEqualTo(3);
    assertThat(profile.path("pages").toString()).isEqualTo("[\"/a\"]");
    assertThat(profile.path("tags").toString()).isEqualTo("[\"y\"]");
    assertThat(profile.path("company").toString()).isEqualTo("[\"acme\"]");
    assertThat(profile.has("gone")).isFalse();
    JsonNode group = export(main, param("group_key", "company") + "&" + param("group_id", "acme"));
    assertThat(group.path("profile").path("name").asText()).isEqualTo("Acme");
    assertThat(group.path("profile").path("founded").asInt()).isEqualTo(1999);
    assertThat(group.path("profile").path("plans").toString()).isEqualTo("[\"b\"]");
    assertThat(group.path("profile").has("size")).isFalse();
    // people.delete_user of the non-batch instance deleted what people.set had set.
    assertThat(export(second, param("distinct_id", deleted)).path("profile").isEmpty()).isTrue();
    assertThat(findEvent(export(second, param("distinct_id", deleted)), "$identify")).isPresent();
  }

  @Test
  void aPageFromAnOriginNoProjectAllowsGetsNoCorsGrantAndStoresNothing() throws Exception {
    // "localhost" is another origin than the "127.0.0.1" the project lists.
    JsonNode project = project(List.of(pageOrigin("127.0.0.1")));
    String token = project.path("token").asText();
    String distinctId = "refused-" + UUID.randomUUID();
    openPage(pageOrigin("localhost"));
    script(
        "mixpanel.init(arguments[0], {api_host: arguments[1]});"
            + "mixpanel.identify(arguments[2]);"
            + "mixpanel.track('Refused');",
        token,
        api(),
        distinctId);
    for (int i = 0;
        i < 300
            && !Boolean.TRUE.equals(
                script(
                    "return window.__xhr.length > 0"
                        + " && window.__xhr.every(function (r) { return r.status !== null; });"));
        i++) {
      Thread.sleep(100);
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> xhrs = (List<Map<String, Object>>) script("return window.__xhr;");
    assertThat(xhrs).isNotEmpty();
    assertThat(xhrs)
        .as("the browser gives the page nothing: status 0")
        .allSatisfy(x -> assertThat(((Number) x.get("status")).intValue()).isZero());
    assertThat(export(project, param("distinct_id", distinctId)).path("events")).isEmpty();
    browser.get("about:blank");
  }

  private static java.util.Optional<JsonNode> findEvent(JsonNode export, String name) {
    for (JsonNode event : export.path("events")) {
      if (event.path("event").asText().equals(name)) {
        return java.util.Optional.of(event);
      }
    }
    return java.util.Optional.empty();
  }
}
