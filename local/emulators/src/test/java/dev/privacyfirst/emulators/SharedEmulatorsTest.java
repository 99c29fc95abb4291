package dev.privacyfirst.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;

@Tag("emulators")
class SharedEmulatorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Emulators emulators;

  @BeforeAll
  static void start() {
    emulators = SharedEmulators.get();
  }

  @Test
  void theSharedInstanceIsOnePerJvm() {
    assertThat(SharedEmulators.get()).isSameAs(emulators);
  }

  @Test
  void tablesAreCreatedFromTheSharedTopology() {
    DynamoDbClient dynamo = emulators.dynamoDb();
    assertThat(dynamo.listTables().tableNames())
        .containsAll(Tables.ALL.stream().map(TableSpec::localName).toList());

    for (TableSpec spec : Tables.ALL) {
      TableDescription table = dynamo.describeTable(r -> r.tableName(spec.localName())).table();
      assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
      assertThat(table.keySchema()).hasSize(spec.sortKeyName().isPresent() ? 2 : 1);
      assertThat(table.globalSecondaryIndexes())
          .hasSize(spec.indexes().size())
          .allSatisfy(
              index ->
                  assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL));
      var ttl =
          dynamo.describeTimeToLive(r -> r.tableName(spec.localName())).timeToLiveDescription();
      if (spec.ttl().isPresent()) {
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo(spec.ttlAttribute());
      } else {
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
      }
    }
  }

  @Test
  void bucketsAreCreatedFromTheSharedTopology() {
    assertThat(emulators.s3().listBuckets().buckets())
        .extracting(b -> b.name())
        .containsAll(Buckets.ALL.stream().map(BucketSpec::localName).toList());
  }

  @Test
  void creatingResourcesTwiceIsHarmless() {
    emulators.createResources();
    emulators.createResources();
    assertThat(emulators.dynamoDb().listTables().tableNames()).hasSize(Tables.ALL.size());
  }

  @Test
  void settingsNameEveryEndpointTableAndBucket() {
    Map<String, String> settings = emulators.settings();
    assertThat(settings)
        .containsEntry("AWS_REGION", "us-east-1")
        .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", emulators.dynamoDbEndpoint().toString())
        .containsEntry("AWS_ENDPOINT_URL_S3", emulators.s3Endpoint().toString())
        .containsEntry("AWS_ENDPOINT_URL_SESV2", emulators.sesEndpoint().orElseThrow().toString())
        .containsEntry("AWS_ACCESS_KEY_ID", Emulators.ACCESS_KEY_ID)
        .containsEntry("AWS_SECRET_ACCESS_KEY", Emulators.SECRET_ACCESS_KEY)
        .containsEntry("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED");
    Config config = Config.of(settings);
    Tables.ALL.forEach(t -> assertThat(Tables.name(config, t)).isEqualTo(t.localName()));
    Buckets.ALL.forEach(b -> assertThat(Buckets.name(config, b)).isEqualTo(b.localName()));
    assertThat(
            List.of(emulators.dynamoDbEndpoint(), emulators.s3Endpoint()).stream()
                .map(URI::getHost))
        .containsOnly("127.0.0.1");
  }

  @Test
  void clientsBuiltFromTheSharedSettingsReachTheEmulators() {
    Config config = SharedEmulators.config();
    AwsClients aws = new AwsClients(config);
    try (S3Client s3 =
        aws.configure(S3Client.builder(), "S3")
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .build()) {
      assertThat(aws.dynamoDb().listTables().tableNames())
          .contains(Tables.name(config, Tables.ACCOUNTS));
      String bucket = Buckets.name(config, Buckets.EXPORTS);
      s3.putObject(r -> r.bucket(bucket).key("settings.txt"), RequestBody.fromString("ok"));
      assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("settings.txt")).asUtf8String())
          .isEqualTo("ok");
    }
  }

  @Test
  void theSharedSettingsAreHandedOverNotSetProcessWide() {
    Map<String, String> settings = SharedEmulators.settings();

    assertThat(settings).containsKeys(EnvVars.MASTER_KEY, EnvVars.SECRETS_SOURCE);
    assertThat(SharedEmulators.settings()).isEqualTo(settings);
    for (String name : settings.keySet()) {
      assertThat(System.getProperty(name)).as(name).isNull();
    }
    for (String sdk : List.of("aws.region", "aws.accessKeyId", "aws.endpointUrlDynamoDb")) {
      assertThat(System.getProperty(sdk)).as(sdk).isNull();
    }
  }

  @Test
  void presignedPutIsAcceptedAndATamperedOneIsRefused() throws Exception {
    String bucket = Buckets.INCOMING.localName();
    try (S3Presigner presigner =
        S3Presigner.builder()
            .endpointOverride(emulators.s3Endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        Emulators.ACCESS_KEY_ID, Emulators.SECRET_ACCESS_KEY)))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build()) {
      URI url =
          presigner
              .presignPutObject(
                  p ->
                      p.signatureDuration(Duration.ofMinutes(5))
                          .putObjectRequest(o -> o.bucket(bucket).key("uploads/presigned.bin")))
              .url()
              .toURI();
      assertThat(url.getQuery()).contains("X-Amz-Signature=");

      assertThat(put(url, "hello")).isEqualTo(200);
      assertThat(
              emulators
                  .s3()
                  .getObjectAsBytes(r -> r.bucket(bucket).key("uploads/presigned.bin"))
                  .asUtf8String())
          .isEqualTo("hello");

      String tamperedSignature = url.toString().replaceAll("(X-Amz-Signature=)[0-9a-f]", "$10");
      if (tamperedSignature.equals(url.toString())) {
        tamperedSignature = url.toString().replaceAll("(X-Amz-Signature=)[0-9a-f]", "$11");
      }
      assertThat(put(URI.create(tamperedSignature), "evil")).isEqualTo(403);
      String otherKey = url.toString().replace("presigned.bin", "other.bin");
      assertThat(put(URI.create(otherKey), "evil")).isEqualTo(403);
    }
  }

  /** If a later s3proxy implements versioning, this fails: then enable it in createResources. */
  @Test
  void s3proxyRefusesBucketVersioningSoTheVaultIsVersionedOnAwsOnly() {
    assertThatThrownBy(
            () ->
                emulators
                    .s3()
                    .putBucketVersioning(
                        r ->
                            r.bucket(Buckets.VAULT.localName())
                                .versioningConfiguration(
                                    v -> v.status(BucketVersioningStatus.ENABLED))))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(501));
  }

  @Test
  void aWrongSecretIsRefused() {
    try (S3Client intruder =
        S3Client.builder()
            .endpointOverride(emulators.s3Endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(Emulators.ACCESS_KEY_ID, "wrong-secret")))
            .build()) {
      assertThatThrownBy(intruder::listBuckets)
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  @Test
  void sentMailIsReadableFromTheStore() throws Exception {
    try (SesV2Client ses =
        new AwsClients(SharedEmulators.config())
            .configure(SesV2Client.builder(), "SESV2")
            .build()) {
      emulators.clearSentMail();
      ses.sendEmail(
          r ->
              r.fromEmailAddress("news@example.test")
                  .destination(d -> d.toAddresses("simple@example.test"))
                  .content(
                      c ->
                          c.simple(
                              m ->
                                  m.subject(s -> s.data("Simple subject"))
                                      .body(b -> b.text(t -> t.data("simple body")))
                                      .headers(
                                          MessageHeader.builder()
                                              .name("List-Unsubscribe")
                                              .value("<https://example.test/u/simple>")
                                              .build()))));
      String raw =
          String.join(
              "\r\n",
              "From: news@example.test",
              "To: raw@example.test",
              "Subject: Raw subject",
              "List-Unsubscribe: <https://example.test/u/raw>",
              "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
              "MIME-Version: 1.0",
              "Content-Type: text/plain; charset=UTF-8",
              "",
              "raw body",
              "");
      ses.sendEmail(
          r ->
              r.destination(d -> d.toAddresses("raw@example.test"))
                  .content(
                      c -> c.raw(m -> m.data(SdkBytes.fromString(raw, StandardCharsets.UTF_8)))));
    }

    List<String> mails = emulators.sentMailRaw();
    assertThat(mails).hasSize(2);
    JsonNode simple = JSON.readTree(mails.get(0));
    JsonNode rawMail = JSON.readTree(mails.get(1));
    assertThat(simple.path("subject").asText()).isEqualTo("Simple subject");
    assertThat(simple.path("destination").path("to").get(0).asText())
        .isEqualTo("simple@example.test");
    assertThat(rawMail.path("subject").asText()).isEqualTo("Raw subject");
    assertThat(rawMail.path("body").path("text").asText()).contains("raw body");

    // What the emulator keeps of custom headers: simple sends store them, raw sends do not.
    assertThat(simple.path("headers").toString())
        .contains("List-Unsubscribe")
        .contains("https://example.test/u/simple");
    assertThat(rawMail.toString()).doesNotContain("List-Unsubscribe");
  }

  private static int put(URI url, String body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
