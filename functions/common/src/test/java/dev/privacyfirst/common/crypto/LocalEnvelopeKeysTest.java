package dev.privacyfirst.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEnvelopeKeysTest {
  @TempDir Path dir;

  @Test
  void aWrappedKeyUnwrapsOnlyUnderItsOwnEncryptionContext() {
    EnvelopeKeys keys = LocalEnvelopeKeys.openOrCreate(dir.resolve("master.key"));
    EnvelopeKeys.DataKey key = keys.generate(Map.of("chunk", "a"));

    assertThat(keys.unwrap(key.wrapped(), Map.of("chunk", "a"))).isEqualTo(key.plaintext());
    assertThatThrownBy(() -> keys.unwrap(key.wrapped(), Map.of("chunk", "b")))
        .isInstanceOf(EnvelopeKeys.KeyUnavailable.class);
  }

  @Test
  void theMasterKeyFileIsCreatedOnceOwnerOnlyAndReusedAfterARestart() throws Exception {
    Path file = dir.resolve("nested/master.key");
    EnvelopeKeys first = LocalEnvelopeKeys.openOrCreate(file);
    EnvelopeKeys.DataKey key = first.generate(Map.of("user", "u1"));

    EnvelopeKeys second = LocalEnvelopeKeys.openOrCreate(file);

    assertThat(second.unwrap(key.wrapped(), Map.of("user", "u1"))).isEqualTo(key.plaintext());
    assertThat(Files.getPosixFilePermissions(file).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
  }

  @Test
  void anotherMasterKeyCannotUnwrap() {
    EnvelopeKeys one = LocalEnvelopeKeys.openOrCreate(dir.resolve("one.key"));
    EnvelopeKeys other = LocalEnvelopeKeys.openOrCreate(dir.resolve("other.key"));
    EnvelopeKeys.DataKey key = one.generate(Map.of());

    assertThatThrownBy(() -> other.unwrap(key.wrapped(), Map.of()))
        .isInstanceOf(EnvelopeKeys.KeyUnavailable.class);
  }
}
