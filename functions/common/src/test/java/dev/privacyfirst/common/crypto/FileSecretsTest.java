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
}
