package dev.privacyfirst.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.SecretSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * One function's view of Secrets Manager and KMS: an HTTP front of moto that lets through what the
 * CDK app grants that function's role (infra-cdk's DataGrants, from the topology) and answers
 * everything else with AccessDeniedException, as IAM would on AWS; moto itself checks no policy.
 * Granted: {@code secretsmanager:GetSecretValue} on the secrets of {@link
 * AppSecrets#readableBy(FunctionSpec)}, and {@code kms:GenerateDataKey} / {@code kms:Decrypt} on
 * the data key with an encryption context whose {@value AppSecrets#PURPOSE} is one of {@link
 * AppSecrets#envelopePurposesOf(FunctionSpec)}. Every call is recorded.
 */
final class KeyServicesGate implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Request headers java.net.http sets itself (and refuses to be given). */
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  /** Response headers HttpServer sets itself. */
  private static final Set<String> NOT_RETURNED =
      Set.of("content-length", "transfer-encoding", "connection", "date");

  /**
   * One request of the function.
   *
   * @param action the IAM action, e.g. {@code kms:GenerateDataKey}
   * @param on the secret's name, or the encryption context's purpose ("" when none)
   * @param allowed whether the function's role would allow it (denied calls never reach moto)
   */
  record Call(String action, String on, boolean allowed) {
    @Override
    public String toString() {
      return action + "(" + on + ")" + (allowed ? "" : " DENIED");
    }
  }

  private final HttpServer server;
  private final HttpClient http;
  private final URI moto;
  private final String keyArn;
  private final Map<String, String> readableSecrets;
  private final List<String> purposes;
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  private KeyServicesGate(
      HttpServer server, URI moto, FunctionSpec function, String secretsPrefix, String keyArn) {
    this.server = server;
    this.moto = moto;
    this.keyArn = keyArn;
    this.readableSecrets =
        AppSecrets.readableBy(function).stream()
            .collect(Collectors.toMap(s -> secretsPrefix + s.name(), SecretSpec::name));
    this.purposes = AppSecrets.envelopePurposesOf(function);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Opens {@code function}'s gate to {@code moto} on a free loopback port.
   *
   * @param secretsPrefix the prefix of {@code secretsmanager:<prefix>}, as the CDK app sets it
   * @param keyArn the data key's ARN, the one key the function may use
   */
  static KeyServicesGate open(
      URI moto, FunctionSpec function, String secretsPrefix, String keyArn) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      KeyServicesGate gate = new KeyServicesGate(server, moto, function, secretsPrefix, keyArn);
      server.createContext("/", gate::handle);
      server.start();
      return gate;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The endpoint to give the function for both services. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** What the function asked for, in order. */
  List<Call> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      Call call = judge(target == null ? "" : target, body);
      calls.add(call);
      if (!call.allowed()) {
        deny(exchange, call);
        return;
      }
      forward(exchange, body);
    }
  }

  /** Secrets Manager and KMS both speak JSON 1.1: the operation is the X-Amz-Target header. */
  private Call judge(String target, byte[] body) {
    JsonNode request = parse(body);
    if (target.startsWith("secretsmanager.")) {
      String operation = target.substring("secretsmanager.".length());
      String secretId = request.path("SecretId").asText("");
      String name = readableSecrets.get(secretId);
      return new Call(
          "secretsmanager:" + operation,
          name != null ? name : secretId,
          operation.equals("GetSecretValue") && name != null);
    }
    if (target.startsWith("TrentService.")) {
      String operation = target.substring("TrentService.".length());
      String purpose = request.path("EncryptionContext").path(AppSecrets.PURPOSE).asText("");
      String keyId = request.path("KeyId").asText(keyArn);
      boolean allowed =
          (operation.equals("GenerateDataKey") || operation.equals("Decrypt"))
              && keyId.equals(keyArn)
              && purposes.contains(purpose);
      return new Call("kms:" + operation, purpose, allowed);
    }
    return new Call(target.isEmpty() ? "(no X-Amz-Target)" : target, "", false);
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(30))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
    byte[] answer = response.body();
    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    exchange.getResponseBody().write(answer);
  }

  private static void deny(HttpExchange exchange, Call call) throws IOException {
    byte[] answer =
        JSON.writeValueAsBytes(
            Map.of(
                "__type",
                "AccessDeniedException",
                "message",
                "the function's role does not allow " + call));
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(400, answer.length);
    exchange.getResponseBody().write(answer);
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
