package dev.privacyfirst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Deploys the real stack to LocalStack with {@code localstack/deploy.sh} and walks the account flow
 * through the HTTP API. Needs Docker and a LocalStack auth token (API Gateway v2 is Pro-only);
 * {@link LocalStackPrerequisites} skips it with a printed reason otherwise.
 */
@ExtendWith(LocalStackPrerequisites.class)
@Testcontainers(disabledWithoutDocker = true)
class LocalStackDeploymentTest {
  static final DockerImageName IMAGE =
      DockerImageName.parse("localstack/localstack-pro:4.14.0")
          .asCompatibleSubstituteFor("localstack/localstack");

  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private static final int EDGE_PORT = 4566;

  private static LocalStackContainer localstack;
  private static String apiUrl;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void deployTheStack() throws IOException, InterruptedException {
    localstack =
        new LocalStackContainer(IMAGE)
            .withEnv(
                LocalStackPrerequisites.AUTH_TOKEN,
                System.getenv(LocalStackPrerequisites.AUTH_TOKEN))
            // Lambda functions run in sibling containers started through the host's Docker.
            .withFileSystemBind(
                "/var/run/docker.sock", "/var/run/docker.sock", BindMode.READ_WRITE);
    localstack.start();

    Path root = FunctionJars.repositoryRoot();
    ProcessBuilder deploy =
        new ProcessBuilder("bash", root.resolve("localstack/deploy.sh").toString())
            .directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    deploy.environment().put("AWS_ENDPOINT_URL", localstack.getEndpoint().toString());
    deploy.environment().put("AWS_REGION", localstack.getRegion());
    deploy.environment().put("AWS_ACCESS_KEY_ID", localstack.getAccessKey());
    deploy.environment().put("AWS_SECRET_ACCESS_KEY", localstack.getSecretKey());
    // Maven built the jars already: this test runs inside that build.
    deploy.environment().put("SKIP_BUILD", "1");
    Process process = deploy.start();
    String output;
    try (InputStream stdout = process.getInputStream()) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      stdout.transferTo(buffer);
      output = buffer.toString(StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(20, TimeUnit.MINUTES)).as("deploy.sh finished").isTrue();
    assertThat(process.exitValue()).as("deploy.sh exit code; output: %s", output).isZero();
    Matcher url = Pattern.compile("(?m)^ApiUrl=(\\S+)$").matcher(output);
    assertThat(url.find()).as("ApiUrl printed by deploy.sh: %s", output).isTrue();
    // The URL names LocalStack's port inside the container; outside, the mapped port serves it
    // (*.localhost.localstack.cloud resolves to 127.0.0.1).
    apiUrl = url.group(1).replace(":" + EDGE_PORT, ":" + localstack.getMappedPort(EDGE_PORT));
  }

  @AfterAll
  static void stop() {
    if (localstack != null) {
      localstack.stop();
    }
  }

  @Test
  void anAccountCanSignUpSignInAndReadItsProfileThroughTheDeployedApi() throws Exception {
    String email = "it-" + UUID.randomUUID() + "@example.com";
    String password = "correct horse battery staple " + UUID.randomUUID();

    HttpResponse<String> signUp =
        send(
            "POST",
            "v1/accounts",
            "{\"email\":\"%s\",\"password\":\"%s\",\"birthDate\":\"1990-01-01\"}"
                .formatted(email, password),
            null);
    assertThat(signUp.statusCode()).as(signUp.body()).isBetween(200, 299);
    // An account is usable once its address is proved: follow the mailed link, as a new user does.
    HttpResponse<String> verified =
        send(
            "POST",
            "v1/accounts/verify",
            "{\"token\":\"%s\"}".formatted(mailedVerificationToken(email)),
            null);
    assertThat(verified.statusCode()).as(verified.body()).isBetween(200, 299);

    HttpResponse<String> signIn =
        send(
            "POST",
            "v1/sessions",
            "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password),
            null);
    assertThat(signIn.statusCode()).as(signIn.body()).isBetween(200, 299);
    Matcher token = TOKEN.matcher(signIn.body());
    assertThat(token.find()).as(signIn.body()).isTrue();

    HttpResponse<String> me = send("GET", "v1/me", null, token.group(1));
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(me.body()).contains(email);
  }

  private static final Pattern VERIFY_LINK =
      Pattern.compile("/v1/accounts/verify\\?t=([A-Za-z0-9_-]{43})");

  /**
   * The verification link's token from the mail LocalStack's SES recorded for this address ({@code
   * GET /_aws/ses}, its developer endpoint), waiting for the asynchronous notice. The raw message
   * may be base64 or quoted-printable, so both the record and its decoded raw data are searched.
   * Written against LocalStack's documented endpoint; not run here (no Docker engine).
   */
  private static String mailedVerificationToken(String email) throws Exception {
    URI store = URI.create(localstack.getEndpoint().toString()).resolve("/_aws/ses");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(store).GET().build(), HttpResponse.BodyHandlers.ofString())
              .body();
      for (String candidate : java.util.List.of(body, decodedRawData(body))) {
        if (candidate.contains(email)) {
          Matcher m = VERIFY_LINK.matcher(candidate.replace("=\r\n", "").replace("=\n", ""));
          if (m.find()) {
            return m.group(1);
          }
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("no verification mail to " + email + " in LocalStack's SES store");
  }

  private static String decodedRawData(String json) {
    StringBuilder out = new StringBuilder();
    Matcher raw = Pattern.compile("\"RawData\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"").matcher(json);
    while (raw.find()) {
      try {
        out.append(
            new String(java.util.Base64.getDecoder().decode(raw.group(1)), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException notBase64) {
        // kept as it is in the record
      }
    }
    return out.toString();
  }

  private static HttpResponse<String> send(String method, String path, String json, String bearer)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(apiUrl + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
