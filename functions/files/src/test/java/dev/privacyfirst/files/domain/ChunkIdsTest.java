package dev.privacyfirst.files.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.crypto.FileSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkIdsTest {
  @TempDir Path dir;

  private static byte[] sha256(String content) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
  }

  private ChunkIds ids(ChunkIds.Scope scope) {
    return new ChunkIds(new FileSecrets(dir).hash("chunk-ids"), scope);
  }

  @Test
  void chunksStoredBeforeARotationStillVerifyAndNewChunksCarryTheNewVersion() throws Exception {
    byte[] digest = sha256("chunk");
    String before = ids(ChunkIds.Scope.GLOBAL).id(digest, "acct-1");

    new FileSecrets(dir).rotate("chunk-ids");
    ChunkIds after = ids(ChunkIds.Scope.GLOBAL);
    String fresh = after.id(digest, "acct-1");

    assertThat(before).hasSize(64).doesNotContain(".");
    assertThat(fresh).startsWith("k2.").isNotEqualTo(before);
    assertThat(after.matches(before, digest, "acct-1")).isTrue();
    assertThat(after.matches(fresh, digest, "acct-1")).isTrue();
    assertThat(after.matches(before, sha256("other"), "acct-1")).isFalse();
  }

  @Test
  void perUserIdsVerifyOnlyForTheirAccountUnderEveryVersion() throws Exception {
    byte[] digest = sha256("chunk");
    String v1 = ids(ChunkIds.Scope.USER).id(digest, "acct-1");
    new FileSecrets(dir).rotate("chunk-ids");
    ChunkIds after = ids(ChunkIds.Scope.USER);
    String v2 = after.id(digest, "acct-1");

    assertThat(after.matches(v1, digest, "acct-1")).isTrue();
    assertThat(after.matches(v2, digest, "acct-1")).isTrue();
    assertThat(after.matches(v1, digest, "acct-2")).isFalse();
    assertThat(after.matches(v2, digest, "acct-2")).isFalse();
  }

  @Test
  void anIdClaimingAVersionThatDoesNotExistDoesNotVerify() throws Exception {
    byte[] digest = sha256("chunk");
    String v1 = ids(ChunkIds.Scope.GLOBAL).id(digest, "acct-1");

    assertThat(ids(ChunkIds.Scope.GLOBAL).matches("k7." + v1, digest, "acct-1")).isFalse();
  }
}
