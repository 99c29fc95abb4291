package dev.privacyfirst.rights.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.crypto.FileSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pseudonyms are stored identifiers that are never re-keyed: a rotation of their key leaves every
 * pseudonym as it was (the events, holds and restrictions filed under it stay found), and retiring
 * the version they are pinned to fails loudly instead of minting new identities.
 */
class AnalyticsPseudonymsRotationTest {
  @TempDir Path dir;

  private AnalyticsPseudonyms pseudonyms() {
    return new AnalyticsPseudonyms(new FileSecrets(dir).hash(AnalyticsPseudonyms.SECRET_NAME));
  }

  @Test
  void aPseudonymKeepsItsValueWhenTheKeyRotates() {
    String before = pseudonyms().of("account-1");

    int current = new FileSecrets(dir).rotate(AnalyticsPseudonyms.SECRET_NAME);

    assertThat(current).isEqualTo(2);
    assertThat(pseudonyms().of("account-1")).isEqualTo(before);
    assertThat(AnalyticsPseudonyms.looksLikePseudonym(before)).isTrue();
    assertThat(pseudonyms().of("account-2")).isNotEqualTo(before);
  }

  @Test
  void aPseudonymIsMadeUnderThePinnedVersionNotTheCurrentOne() {
    FileSecrets secrets = new FileSecrets(dir);
    secrets.rotate(AnalyticsPseudonyms.SECRET_NAME);
    var hash = new FileSecrets(dir).hash(AnalyticsPseudonyms.SECRET_NAME);

    String pseudonym = new AnalyticsPseudonyms(hash).of("account-1");

    assertThat(pseudonym)
        .isEqualTo("u-" + hash.version(1).orElseThrow().hex("account:account-1").substring(0, 40))
        .isNotEqualTo("u-" + hash.current().hex("account:account-1").substring(0, 40));
  }

  @Test
  void retiringThePinnedVersionFailsLoudlyInsteadOfMintingNewIdentities() throws Exception {
    pseudonyms().of("account-1");
    new FileSecrets(dir).rotate(AnalyticsPseudonyms.SECRET_NAME);
    Files.delete(dir.resolve(AnalyticsPseudonyms.SECRET_NAME + ".key"));

    assertThatThrownBy(() -> pseudonyms().of("account-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never re-keyed");
  }
}
