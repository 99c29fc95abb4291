package dev.privacyfirst.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DataSurvivesRestartTest {
  private Path dataDir;

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory("local-cloud-restart");
  }

  @AfterEach
  void deleteDataDir() {
    TestFiles.deleteQuietly(dataDir);
  }

  private LocalCloudOptions options() {
    return LocalCloudOptions.defaults(dataDir)
        .withPort(0)
        .withSes(false)
        .withSchedules(false)
        .withOut(new PrintStream(new ByteArrayOutputStream(), true, UTF_8));
  }

  private static Map<String, AttributeValue> item() {
    return Map.of("pk", AttributeValue.fromS("USER#1"), "sk", AttributeValue.fromS("PROFILE"));
  }

  @Test
  void dataSurvivesARestart() {
    byte[] masterKey;
    try (LocalCloud first = LocalCloud.start(options())) {
      first
          .emulators()
          .s3()
          .putObject(r -> r.bucket("vault").key("chunks/c1"), RequestBody.fromString("sealed"));
      first.emulators().dynamoDb().putItem(r -> r.tableName("accounts").item(item()));
    }
    masterKey = readMasterKey();

    try (LocalCloud second = LocalCloud.start(options())) {
      String object =
          second
              .emulators()
              .s3()
              .getObjectAsBytes(r -> r.bucket("vault").key("chunks/c1"))
              .asString(UTF_8);
      assertThat(object).isEqualTo("sealed");
      assertThat(
              second
                  .emulators()
                  .dynamoDb()
                  .getItem(r -> r.tableName("accounts").key(item()))
                  .item())
          .isNotEmpty();
    }
    assertThat(readMasterKey()).isEqualTo(masterKey);
  }

  @Test
  void resetWipesTheDataDirectory() {
    try (LocalCloud first = LocalCloud.start(options())) {
      first
          .emulators()
          .s3()
          .putObject(r -> r.bucket("vault").key("chunks/c1"), RequestBody.fromString("sealed"));
    }
    try (LocalCloud second = LocalCloud.start(options().withReset(true))) {
      assertThat(second.emulators().s3().listObjectsV2(r -> r.bucket("vault")).contents())
          .isEmpty();
    }
  }

  @Test
  void aSecondLocalCloudOnTheSameDataDirectoryIsRefused() {
    try (LocalCloud first = LocalCloud.start(options())) {
      assertThatThrownBy(() -> LocalCloud.start(options()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use")
          .hasMessageContaining("port " + first.port());
    }
  }

  @Test
  void inMemoryKeepsNothingAfterItStopsAndLeavesTheDataDirectoryUntouched() throws Exception {
    Path temporary;
    try (LocalCloud first = LocalCloud.start(options().withInMemory(true))) {
      temporary = first.dataDir();
      assertThat(temporary).isNotEqualTo(dataDir);
      first
          .emulators()
          .s3()
          .putObject(r -> r.bucket("vault").key("chunks/c1"), RequestBody.fromString("sealed"));
      first.emulators().dynamoDb().putItem(r -> r.tableName("accounts").item(item()));
      assertThat(Files.exists(temporary.resolve("master.key"))).isTrue();
    }
    assertThat(temporary).doesNotExist();
    // Only the (empty) lock file through which local/invoke found the running cloud.
    try (var entries = Files.list(dataDir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsOnly(DataDirLock.LOCK_FILE);
    }
    assertThat(dataDir.resolve(DataDirLock.LOCK_FILE)).isEmptyFile();
    try (LocalCloud second = LocalCloud.start(options().withInMemory(true))) {
      assertThat(second.emulators().s3().listObjectsV2(r -> r.bucket("vault")).contents())
          .isEmpty();
      assertThat(
              second
                  .emulators()
                  .dynamoDb()
                  .getItem(r -> r.tableName("accounts").key(item()))
                  .hasItem())
          .isFalse();
    }
  }

  @Test
  void theInMemoryFlagIsParsed() {
    assertThat(LocalCloudCommand.parse(new String[] {"--in-memory"}, Map.of(), dataDir).inMemory())
        .isTrue();
    assertThat(LocalCloudCommand.parse(new String[] {}, Map.of(), dataDir).inMemory()).isFalse();
  }

  private byte[] readMasterKey() {
    try {
      return Files.readAllBytes(dataDir.resolve("master.key"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
