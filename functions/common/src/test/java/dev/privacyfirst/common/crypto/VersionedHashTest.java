package dev.privacyfirst.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionedHashTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void materialMadeUnderVersionOneIsUntaggedAsBeforeVersionsExisted() {
    FileSecrets secrets = new FileSecrets(dir);
    String id = secrets.hash("chunk-ids").tagged(bytes("chunk"));

    assertThat(id).isEqualTo(new KeyedHash(secrets.key("chunk-ids")).hex(bytes("chunk")));
    assertThat(VersionedHash.versionOf(id)).isEqualTo(1);
  }

  @Test
  void afterRotationOldIdsStillVerifyAndNewIdsUseTheNewVersion() {
    FileSecrets secrets = new FileSecrets(dir);
    String old = secrets.hash("chunk-ids").tagged(bytes("chunk"));

    secrets.rotate("chunk-ids");
    VersionedHash rotated = new FileSecrets(dir).hash("chunk-ids");
    String fresh = rotated.tagged(bytes("chunk"));

    assertThat(fresh).startsWith("k2.").isNotEqualTo(old);
    assertThat(VersionedHash.versionOf(fresh)).isEqualTo(2);
    assertThat(rotated.matches(old, bytes("chunk"))).isTrue();
    assertThat(rotated.matches(fresh, bytes("chunk"))).isTrue();
    assertThat(rotated.matches(fresh, bytes("other"))).isFalse();
  }

  @Test
  void anIdOfARetiredOrUnknownVersionDoesNotVerify() throws Exception {
    FileSecrets secrets = new FileSecrets(dir);
    String old = secrets.hash("chunk-ids").tagged(bytes("chunk"));
    secrets.rotate("chunk-ids");
    java.nio.file.Files.delete(dir.resolve("chunk-ids.key"));
    VersionedHash retired = new FileSecrets(dir).hash("chunk-ids");

    assertThat(retired.matches(old, bytes("chunk"))).isFalse();
    assertThat(retired.matches("k9." + old, bytes("chunk"))).isFalse();
    // Version 1 has one spelling only: a "k1." tag is not accepted as a second name.
    assertThat(new FileSecrets(dir).hash("other").matches("k1.00", bytes("chunk"))).isFalse();
  }

  @Test
  void theDualLookupTriesTheCurrentVersionThenTheOlderOnes() {
    FileSecrets secrets = new FileSecrets(dir);
    String before = secrets.hash("email-lookup").current().hex("someone@example.com");
    secrets.rotate("email-lookup");

    var candidates = new FileSecrets(dir).hash("email-lookup").candidates("someone@example.com");

    assertThat(candidates).extracting(VersionedHash.Candidate::version).containsExactly(2, 1);
    assertThat(candidates.get(1).hex()).isEqualTo(before);
    assertThat(candidates.get(0).hex()).isNotEqualTo(before);
  }

  @Test
  void theKeyIsReadOnFirstUseOnly() {
    AtomicInteger reads = new AtomicInteger();
    FileSecrets secrets = new FileSecrets(dir);
    VersionedHash hash =
        new VersionedHash(
            () -> {
              reads.incrementAndGet();
              return secrets.ring("events-lookup");
            });

    assertThat(reads).hasValue(0);
    hash.current().hex("a");
    hash.candidates("b");
    assertThat(reads).hasValue(1);
  }

  @Test
  void aTagAndItsHexRoundTrip() {
    assertThat(VersionedHash.tag(1, "ab")).isEqualTo("ab");
    assertThat(VersionedHash.tag(3, "ab")).isEqualTo("k3.ab");
    assertThat(VersionedHash.untagged("k3.ab")).isEqualTo("ab");
    assertThat(VersionedHash.untagged("ab")).isEqualTo("ab");
    assertThat(VersionedHash.versionOf("k3.ab")).isEqualTo(3);
  }
}
