package dev.privacyfirst.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretsTest {
  @TempDir Path dir;

  @Test
  void aKeyIsCreatedOnFirstUseAndStableAcrossInstances() {
    byte[] first = new FileSecrets(dir).key("email-links");
    byte[] again = new FileSecrets(dir).key("email-links");
    byte[] other = new FileSecrets(dir).key("chunk-ids");

    assertThat(first).hasSize(32).isEqualTo(again).isNotEqualTo(other);
  }

  @Test
  void keyNamesCannotEscapeTheDirectory() {
    assertThatThrownBy(() -> new FileSecrets(dir).key("../etc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyedHashesDifferUnderDifferentKeys() {
    var a = new KeyedHash(new FileSecrets(dir).key("a"));
    var b = new KeyedHash(new FileSecrets(dir).key("b"));
    assertThat(a.hex("someone@example.com")).hasSize(64).isNotEqualTo(b.hex("someone@example.com"));
    assertThat(a.hex("someone@example.com")).isEqualTo(a.hex("someone@example.com"));
  }

  @Test
  void rotatingMakesANewCurrentVersionAndKeepsTheOldOneReadable() {
    FileSecrets secrets = new FileSecrets(dir);
    byte[] v1 = secrets.key("email-links");

    int version = secrets.rotate("email-links");

    assertThat(version).isEqualTo(2);
    KeyRing ring = new FileSecrets(dir).ring("email-links");
    assertThat(ring.currentVersion()).isEqualTo(2);
    assertThat(ring.current()).hasSize(32).isNotEqualTo(v1);
    assertThat(ring.version(1)).contains(v1);
    assertThat(ring.lookupOrder()).containsExactly(2, 1);
    assertThat(secrets.key("email-links")).isEqualTo(ring.current());
  }

  @Test
  void aKeyFileFromBeforeVersionsIsVersionOne() throws Exception {
    byte[] old = new byte[32];
    old[0] = 7;
    java.nio.file.Files.write(dir.resolve("chunk-ids.key"), old);

    KeyRing ring = new FileSecrets(dir).ring("chunk-ids");

    assertThat(ring.currentVersion()).isEqualTo(1);
    assertThat(ring.current()).isEqualTo(old);
  }

  @Test
  void deletingAVersionFileRetiresThatVersion() throws Exception {
    FileSecrets secrets = new FileSecrets(dir);
    secrets.key("receipts");
    secrets.rotate("receipts");
    java.nio.file.Files.delete(dir.resolve("receipts.key"));

    KeyRing ring = new FileSecrets(dir).ring("receipts");

    assertThat(ring.currentVersion()).isEqualTo(2);
    assertThat(ring.version(1)).isEmpty();
  }

  @Test
  void aKeyWhoseNameExtendsAnotherDoesNotReadItsVersions() {
    FileSecrets secrets = new FileSecrets(dir);
    secrets.key("email");
    secrets.rotate("email");

    assertThat(new FileSecrets(dir).ring("email-lookup").lookupOrder()).containsExactly(1);
  }
}
