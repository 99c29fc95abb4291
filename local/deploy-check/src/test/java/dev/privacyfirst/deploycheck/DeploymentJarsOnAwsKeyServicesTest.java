package dev.privacyfirst.deploycheck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.privacyfirst.common.adapter.KmsEnvelopeKeys;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.EnvelopeKeys;
import dev.privacyfirst.common.crypto.KeyRing;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.SecretSpec;
import dev.privacyfirst.deploycheck.FunctionProcess.Outcome;
import dev.privacyfirst.deploycheck.FunctionProcess.Run;
import dev.privacyfirst.deploycheck.KeyServicesGate.Call;
import dev.privacyfirst.emulators.EmulatorOptions;
import dev.privacyfirst.emulators.Emulators;
import dev.privacyfirst.emulators.LambdaInvokeStub;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Every function's deployment jar, configured as the CDK app configures it on AWS: application keys
 * from Secrets Manager ({@code SECRETS_SOURCE=secretsmanager:<prefix>}, one secret per key in the
 * shape the stack generates) and envelope data keys from KMS ({@code MASTER_KEY=kms:<key ARN>}),
 * both served by moto over HTTP. The jars are shrunk (config/lambda-shrink.pro), and the local
 * configuration of {@link DeploymentJarsStartTest} (key files, a local master key) never runs their
 * Secrets Manager and KMS code: a class ProGuard removed from that path fails here, at init, in a
 * sample event or in a priming step. Each function sees only what its role is granted on AWS
 * ({@link KeyServicesGate}), so a function reading a key the topology does not give it fails too.
 *
 * <p>Skipped, with the reason printed, where {@code moto_server} (Python, {@code pip install
 * 'moto[server]'}) is not installed.
 */
class DeploymentJarsOnAwsKeyServicesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private static MotoServer moto;
  private static Emulators emulators;
  private static LambdaInvokeStub lambdaApi;
  private static String keyArn;

  /** An asynchronous invocation of another function, as Lambda's Invoke API received it. */

  /** Where the local configuration keeps key files; it must stay empty here. */
  @TempDir static Path localKeys;

  @BeforeAll
  static void startServices() throws IOException {
    Optional<Path> executable = MotoServer.executable();
    if (executable.isEmpty()) {
      String configured = System.getProperty(MotoServer.EXECUTABLE_PROPERTY);
      skip(
          configured == null
              ? "moto_server is not on the PATH (pip install 'moto[server]')"
              : "-D" + MotoServer.EXECUTABLE_PROPERTY + "=" + configured + " is not an executable");
    }
    try {
      moto = MotoServer.start(executable.get());
    } catch (MotoServer.NotInstalled e) {
      skip(e.getMessage());
    }
    emulators = Emulators.start(EmulatorOptions.ephemeral(true));
    emulators.createResources();
    // Lambda's Invoke API for the functions that invoke others (as in DeploymentJarsStartTest).
    lambdaApi = LambdaInvokeStub.start();
    keyArn = createDataKeyAndSecrets();
  }

  @AfterAll
  static void stopServices() {
    if (lambdaApi != null) {
      lambdaApi.close();
    }
    if (emulators != null) {
      emulators.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  private static void skip(String reason) {
    String line = "DeploymentJarsOnAwsKeyServicesTest skipped: " + reason;
    System.out.println(line);
    Assumptions.abort(line);
  }

  static Stream<FunctionSpec> functions() {
    return Functions.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void eachDeploymentJarRunsOnSecretsManagerAndKms(FunctionSpec function) throws IOException {
    List<Path> events = Deployables.events(function);
    assertThat(events).as("sample events of %s", function.id()).isNotEmpty();

    GatedRun gated = runBehindGate(function, events, JarRuns.withPriming());
    Run run = gated.run();
    List<Call> calls = gated.calls();
    System.out.printf("%s on Secrets Manager and KMS: %s%n", function.id(), calls);
    run.outcomes().forEach(o -> System.out.printf("  %s %s%n", o.event(), summary(function, o)));

    JarRuns.assertServedItsEvents(function, events, run);
    assertThat(run.stderr()).doesNotContain("ExceptionInInitializerError");
    // What the function's role on AWS would have refused.
    assertThat(calls)
        .as("%s asked for more than its role is granted; stderr:%n%s", function.id(), run.stderr())
        .allMatch(Call::allowed);
    // Nothing fell back to the local configuration's key files.
    try (Stream<Path> files = Files.list(localKeys)) {
      assertThat(files).as("local key files").isEmpty();
    }
  }

  /**
   * Envelope encryption across two jars, as on AWS: the accounts jar seals a new account's address
   * under a data key from KMS (GenerateDataKey) and hands the verification notice, with the address
   * sealed, to the notices function (Lambda Invoke); the email jar opens it (Decrypt) and sends the
   * mail, each within its role's envelope purposes. No sample event of the email jar names a sealed
   * address that exists, so this test passes on the notice the accounts jar sent: the sample
   * sign-up, with an address of its own.
   */
  @Test
  void aNoticeTheAccountsJarSealedIsOpenedThroughKmsByTheEmailJar(@TempDir Path dir)
      throws IOException {
    ObjectNode signUp =
        (ObjectNode) JSON.readTree(sample(Functions.ACCOUNTS_API, "create-account"));
    ObjectNode body = (ObjectNode) JSON.readTree(signUp.path("body").asText());
    body.put("email", "key-services-" + UUID.randomUUID() + "@example.org");
    signUp.put("body", body.toString());
    ((ObjectNode) signUp.path("headers"))
        .put("content-length", Integer.toString(body.toString().getBytes(UTF_8).length));
    Path signUpEvent = Files.writeString(dir.resolve("create-account.json"), signUp.toString());
    int invoked = lambdaApi.invocations().size();

    GatedRun accounts =
        runBehindGate(
            Functions.ACCOUNTS_API, List.of(signUpEvent), FunctionProcess.LAMBDA_JVM_FLAGS);

    assertThat(accounts.run().outcomes())
        .as("stderr:%n%s", accounts.run().stderr())
        .singleElement()
        .extracting(o -> JarRuns.json(o.detail()).path("statusCode").asInt())
        .isEqualTo(202);
    assertThat(accounts.calls())
        .contains(new Call("kms:GenerateDataKey", AppSecrets.PERSONAL_DATA, true));
    List<LambdaInvokeStub.Invocation> sent =
        lambdaApi.invocations().subList(invoked, lambdaApi.invocations().size());
    assertThat(sent).as("notices the accounts jar handed on").hasSize(1);
    Path notice = Files.writeString(dir.resolve("verification.json"), sent.getFirst().payload());

    GatedRun email =
        runBehindGate(Functions.ACCOUNT_NOTICES, List.of(notice), FunctionProcess.LAMBDA_JVM_FLAGS);

    assertThat(email.run().outcomes())
        .as("stderr:%n%s", email.run().stderr())
        .singleElement()
        .extracting(o -> JarRuns.json(o.detail()).path("sent").asBoolean())
        .isEqualTo(true);
    assertThat(email.calls()).contains(new Call("kms:Decrypt", AppSecrets.PERSONAL_DATA, true));
    assertThat(email.calls()).allMatch(Call::allowed);
    assertThat(email.run().stderr())
        .doesNotContain("NoClassDefFoundError")
        .doesNotContain("NoSuchMethodError");
  }

  /** One fresh JVM of {@code function}'s jar and what it asked of KMS and Secrets Manager. */
  private record GatedRun(Run run, List<Call> calls) {}

  private static GatedRun runBehindGate(
      FunctionSpec function, List<Path> events, List<String> jvmFlags) {
    try (KeyServicesGate gate =
        KeyServicesGate.open(moto.endpoint(), function, secretsPrefix(), keyArn)) {
      Run run =
          FunctionProcess.run(
              jvmFlags,
              List.of(Deployables.jar(function.module())),
              function.handlerClass(),
              function.id(),
              events,
              environment(function, gate.endpoint()),
              Duration.ofMinutes(3));
      return new GatedRun(run, gate.calls());
    }
  }

  private static String sample(FunctionSpec function, String name) throws IOException {
    Path event =
        Deployables.events(function).stream()
            .filter(p -> p.getFileName().toString().equals(name + ".json"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no sample " + name + " of " + function.id()));
    return Files.readString(event);
  }

  /**
   * The stand-in keeps KMS's contract that the functions rely on: a data key made under an
   * encryption context unwraps under that context only (the project's own KMS adapter, from the
   * module class path, on moto directly).
   */
  @Test
  void theStandInUnwrapsADataKeyOnlyUnderItsEncryptionContext() {
    try (KmsClient kms = kms()) {
      KmsEnvelopeKeys keys = new KmsEnvelopeKeys(kms, keyArn);
      Map<String, String> context = Map.of(AppSecrets.PURPOSE, AppSecrets.PERSONAL_DATA);

      EnvelopeKeys.DataKey dataKey = keys.generate(context);

      assertThat(dataKey.plaintext()).hasSize(32);
      assertThat(keys.unwrap(dataKey.wrapped(), context)).isEqualTo(dataKey.plaintext());
      assertThatThrownBy(
              () ->
                  keys.unwrap(
                      dataKey.wrapped(), Map.of(AppSecrets.PURPOSE, AppSecrets.FILES_CHUNK_KEY)))
          .isInstanceOf(EnvelopeKeys.KeyUnavailable.class);
    }
  }

  /**
   * The stand-in serves every application key in the shape the stack generates, and the project's
   * Secrets Manager adapter (through Powertools Parameters) reads each as one 32-byte version 1.
   */
  @Test
  void theStandInServesEveryApplicationKeyInTheStacksShape() {
    Secrets secrets =
        Secrets.fromConfig(
            Config.of(
                Map.of(
                    EnvVars.SECRETS_SOURCE,
                    "secretsmanager:" + secretsPrefix(),
                    EnvVars.AWS_REGION,
                    region().id(),
                    EnvVars.endpointOverride("SECRETS_MANAGER"),
                    moto.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID",
                    "test",
                    "AWS_SECRET_ACCESS_KEY",
                    "test")));

    for (SecretSpec spec : AppSecrets.ALL) {
      KeyRing ring = secrets.ring(spec.name());
      assertThat(ring.currentVersion()).as(spec.name()).isEqualTo(1);
      assertThat(ring.current()).as(spec.name()).hasSize(32);
    }
  }

  /**
   * The function's environment on AWS as far as keys go: {@link Deployables#environment}'s
   * emulators and settings, with the CDK app's {@code MASTER_KEY} and {@code SECRETS_SOURCE}
   * (PrivacyFirstStack) and both services reached through the function's gate.
   */
  private static Map<String, String> environment(FunctionSpec function, URI keyServices) {
    Map<String, String> env =
        new LinkedHashMap<>(Deployables.environment(emulators, lambdaApi, localKeys, function));
    env.put(EnvVars.MASTER_KEY, "kms:" + keyArn);
    env.put(EnvVars.SECRETS_SOURCE, "secretsmanager:" + secretsPrefix());
    env.put(EnvVars.endpointOverride("KMS"), keyServices.toString());
    env.put(EnvVars.endpointOverride("SECRETS_MANAGER"), keyServices.toString());
    return env;
  }

  /**
   * The CDK app's secret names (DataConstruct): {@code privacyfirst/<stage>/keys/<name>}, with the
   * stage the functions are given.
   */
  private static String secretsPrefix() {
    String stage =
        Deployables.environment(emulators, lambdaApi, localKeys, Functions.ALL.getFirst())
            .get(EnvVars.STAGE);
    return "privacyfirst/" + stage + "/keys/";
  }

  /**
   * In moto, what the stack creates: the data key, and one secret per application key as
   * DataResources generates it ({@code {"current":"1","v1":<64 letters and digits>}}), encrypted
   * under the data key. Returns the key's ARN.
   */
  private static String createDataKeyAndSecrets() {
    try (KmsClient kms = kms();
        SecretsManagerClient secrets =
            SecretsManagerClient.builder()
                .endpointOverride(moto.endpoint())
                .region(region())
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
      String arn =
          kms.createKey(r -> r.description("data: tables, buckets, application keys, data keys"))
              .keyMetadata()
              .arn();
      SecureRandom random = new SecureRandom();
      for (SecretSpec spec : AppSecrets.ALL) {
        String value =
            JSON.createObjectNode().put("current", "1").put("v1", random(random, 64)).toString();
        secrets.createSecret(
            r -> r.name(secretsPrefix() + spec.name()).kmsKeyId(arn).secretString(value));
      }
      return arn;
    }
  }

  /** A KMS client of moto itself, in the functions' region. */
  private static KmsClient kms() {
    return KmsClient.builder()
        .endpointOverride(moto.endpoint())
        .region(region())
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static Region region() {
    return Region.of(emulators.settings().get(EnvVars.AWS_REGION));
  }

  /** moto accepts any credentials and checks no signature. */
  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  }

  private static String random(SecureRandom random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return out.toString();
  }

  /** An HTTP response's status code, else the start of what the function answered. */
  private static String summary(FunctionSpec function, Outcome outcome) {
    if (outcome.failed()) {
      return "threw " + outcome.detail();
    }
    if (function.trigger() == FunctionSpec.Trigger.HTTP) {
      return Integer.toString(JarRuns.json(outcome.detail()).path("statusCode").asInt());
    }
    String detail = outcome.detail();
    return detail.length() > 120 ? detail.substring(0, 120) + "..." : detail;
  }
}
