package dev.privacyfirst.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

@Tag("emulators")
class EmulatorsLifecycleTest {
  @TempDir Path dataDir;

  @Test
  void dataSurvivesARestartInTheSameDataDir() {
    try (Emulators first = Emulators.start(EmulatorOptions.persistent(dataDir, false, false))) {
      first.createResources();
      first.dynamoDb().putItem(r -> r.tableName(Tables.FILES.localName()).item(item("f-1")));
      first
          .s3()
          .putObject(
              r -> r.bucket(Buckets.VAULT.localName()).key("chunks/c-1"),
              RequestBody.fromString("sealed"));
    }
    try (Emulators second = Emulators.start(EmulatorOptions.persistent(dataDir, false, false))) {
      second.createResources();
      assertThat(
              second
                  .dynamoDb()
                  .getItem(r -> r.tableName(Tables.FILES.localName()).key(key("f-1")))
                  .item())
          .containsEntry("payload", AttributeValue.fromS("kept"));
      assertThat(
              second
                  .s3()
                  .getObjectAsBytes(r -> r.bucket(Buckets.VAULT.localName()).key("chunks/c-1"))
                  .asUtf8String())
          .isEqualTo("sealed");
    }
  }

  @Test
  void resetWipesTheDataDir() throws IOException {
    try (Emulators first = Emulators.start(EmulatorOptions.persistent(dataDir, false, false))) {
      first.createResources();
      first.dynamoDb().putItem(r -> r.tableName(Tables.FILES.localName()).item(item("f-1")));
    }
    Path stray = Files.writeString(dataDir.resolve("stray.txt"), "left over");
    try (Emulators fresh = Emulators.start(EmulatorOptions.persistent(dataDir, false, true))) {
      assertThat(stray).doesNotExist();
      assertThat(fresh.dynamoDb().listTables().tableNames()).isEmpty();
      assertThatThrownBy(() -> fresh.s3().headBucket(r -> r.bucket(Buckets.VAULT.localName())))
          .isInstanceOf(NoSuchBucketException.class);
    }
  }

  @Test
  void anEphemeralInstanceStartsEmptyAndWithoutSesWhenAskedTo() {
    try (Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(false))) {
      assertThat(emulators.sesEndpoint()).isEmpty();
      assertThat(emulators.settings()).doesNotContainKey("AWS_ENDPOINT_URL_SESV2");
      assertThat(emulators.dynamoDb().listTables().tableNames()).isEmpty();
      assertThatThrownBy(emulators::sentMailRaw).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closeStopsEveryEmulatorIncludingTheSesChildProcess() throws Exception {
    Set<Long> before = nodeChildren().map(ProcessHandle::pid).collect(Collectors.toSet());
    Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(true));
    List<URI> endpoints =
        List.of(
            emulators.dynamoDbEndpoint(),
            emulators.s3Endpoint(),
            emulators.sesEndpoint().orElseThrow());
    endpoints.forEach(uri -> assertThat(listening(uri)).as("%s before close", uri).isTrue());
    List<ProcessHandle> started = nodeChildren().filter(p -> !before.contains(p.pid())).toList();
    assertThat(started).hasSize(1);

    emulators.close();

    endpoints.forEach(uri -> assertThat(listening(uri)).as("%s after close", uri).isFalse());
    assertThat(started.getFirst().isAlive()).isFalse();
    emulators.close(); // twice is harmless
  }

  @Test
  void emulatorsListenOnLoopbackOnly() throws Exception {
    Optional<InetAddress> external =
        NetworkInterface.networkInterfaces()
            .filter(EmulatorsLifecycleTest::up)
            .flatMap(NetworkInterface::inetAddresses)
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .findFirst();
    assumeThat(external).as("a non-loopback address to probe").isPresent();
    try (Emulators emulators = Emulators.start(EmulatorOptions.ephemeral(true))) {
      for (URI uri :
          List.of(
              emulators.dynamoDbEndpoint(),
              emulators.s3Endpoint(),
              emulators.sesEndpoint().orElseThrow())) {
        assertThat(listening(uri)).isTrue();
        assertThat(connects(external.orElseThrow(), uri.getPort()))
            .as("%s on %s", uri, external.orElseThrow())
            .isFalse();
      }
    }
  }

  @Test
  void sesPortCanBeChosen() throws Exception {
    int port = Loopback.portsOrFree(0)[0];
    try (Emulators emulators =
        Emulators.start(new EmulatorOptions(null, 0, 0, port, true, false))) {
      assertThat(emulators.sesEndpoint()).contains(URI.create("http://127.0.0.1:" + port));
      HttpResponse<String> store =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/store")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(store.statusCode()).isEqualTo(200);
    }
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of(
        Tables.PK, AttributeValue.fromS("file#" + id), Tables.SK, AttributeValue.fromS("meta"));
  }

  private static Map<String, AttributeValue> item(String id) {
    var item = new java.util.HashMap<>(key(id));
    item.put("payload", AttributeValue.fromS("kept"));
    return item;
  }

  private static boolean listening(URI uri) {
    return connects(InetAddress.getLoopbackAddress(), uri.getPort());
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean up(NetworkInterface nic) {
    try {
      return nic.isUp();
    } catch (IOException e) {
      return false;
    }
  }

  private static Stream<ProcessHandle> nodeChildren() {
    return ProcessHandle.current()
        .children()
        .filter(p -> p.info().command().map(c -> c.endsWith("node")).orElse(false));
  }
}
