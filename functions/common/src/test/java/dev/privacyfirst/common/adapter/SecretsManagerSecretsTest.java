package dev.privacyfirst.common.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.crypto.KeyRing;
import org.junit.jupiter.api.Test;

class SecretsManagerSecretsTest {
  private static final String V1 = "a".repeat(64);
  private static final String V2 = "b".repeat(64);

  @Test
  void aSecretAsTheStackCreatesItHasOneCurrentVersion() {
    KeyRing ring =
        SecretsManagerSecrets.parse("email-links", "{\"current\":\"1\",\"v1\":\"" + V1 + "\"}");

    assertThat(ring.currentVersion()).isEqualTo(1);
    assertThat(ring.current()).hasSize(32);
  }

  @Test
  void aRotatedSecretKeepsItsOlderVersionReadableWithTheSameKey() {
    KeyRing before =
        SecretsManagerSecrets.parse("email-links", "{\"current\":\"1\",\"v1\":\"" + V1 + "\"}");
    KeyRing after =
        SecretsManagerSecrets.parse(
            "email-links", "{\"current\":\"2\",\"v1\":\"" + V1 + "\",\"v2\":\"" + V2 + "\"}");

    assertThat(after.currentVersion()).isEqualTo(2);
    assertThat(after.version(1)).contains(before.current());
    assertThat(after.current()).isNotEqualTo(before.current());
    assertThat(after.lookupOrder()).containsExactly(2, 1);
  }

  @Test
  void theSameValueGivesDifferentKeysUnderDifferentNames() {
    String json = "{\"current\":\"1\",\"v1\":\"" + V1 + "\"}";
    assertThat(SecretsManagerSecrets.parse("a", json).current())
        .isNotEqualTo(SecretsManagerSecrets.parse("b", json).current());
  }

  @Test
  void aSecretWithoutItsCurrentVersionOrWithAShortValueIsRefused() {
    assertThatThrownBy(
            () -> SecretsManagerSecrets.parse("k", "{\"current\":\"2\",\"v1\":\"" + V1 + "\"}"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> SecretsManagerSecrets.parse("k", "{\"current\":\"1\",\"v1\":\"short\"}"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SecretsManagerSecrets.parse("k", "{\"root\":\"" + V1 + "\"}"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SecretsManagerSecrets.parse("k", "not json"))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * A secret that is not JSON (a raw key pasted in) fails the function's start, which Lambda logs
   * with every cause's message: the parser's quotes the text it could not read, the secret itself.
   */
  @Test
  void aSecretThatIsNotJsonIsRefusedWithoutQuotingIt() {
    for (String value :
        java.util.List.of("hunter2RawKeyValue", "{\"current\":\"1\",\"v1\":hunter2RawKeyValue}")) {
      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> SecretsManagerSecrets.parse("k", value));
      assertThat(failure).isInstanceOf(IllegalStateException.class);
      java.io.StringWriter trace = new java.io.StringWriter();
      failure.printStackTrace(new java.io.PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain("hunter2");
    }
  }
}
