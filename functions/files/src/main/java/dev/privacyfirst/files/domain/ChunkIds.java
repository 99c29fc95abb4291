package dev.privacyfirst.files.domain;

import dev.privacyfirst.common.crypto.VersionedHash;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Names a chunk by HMAC-SHA-256 (server secret) of its SHA-256, so that the chunk table alone
 * cannot confirm whether anyone stores a known file. With {@link Scope#USER} the account id is part
 * of the MAC input and identical content of two users gets two chunks.
 *
 * <p>An id carries the version of the key it was made with ({@link VersionedHash#tagged}): after a
 * rotation new chunks get ids under the new version (content stored before is not deduplicated
 * against them) and stored chunks keep verifying under theirs until that version is retired.
 */
public final class ChunkIds {
  /** Whose chunks may be shared: everyone's (the policy's default) or only one account's. */
  public enum Scope {
    GLOBAL,
    USER;

    public static Scope parse(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "global", "cross-user", "" -> GLOBAL;
        case "user", "per-user" -> USER;
        default -> throw new IllegalArgumentException("dedup scope must be global or user");
      };
    }
  }

  private final VersionedHash hash;
  private final Scope scope;

  public ChunkIds(VersionedHash hash, Scope scope) {
    this.hash = hash;
    this.scope = scope;
  }

  public Scope scope() {
    return scope;
  }

  /** The id of a new chunk, under the current key version. */
  public String id(byte[] chunkSha256, String accountId) {
    return hash.tagged(input(chunkSha256, accountId));
  }

  /** Whether a stored chunk id names this content, under the key version the id carries. */
  public boolean matches(String chunkId, byte[] chunkSha256, String accountId) {
    return hash.matches(chunkId, input(chunkSha256, accountId));
  }

  private byte[] input(byte[] chunkSha256, String accountId) {
    if (scope == Scope.GLOBAL) {
      return chunkSha256;
    }
    byte[] prefix = ("user:" + accountId + ":").getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[prefix.length + chunkSha256.length];
    System.arraycopy(prefix, 0, input, 0, prefix.length);
    System.arraycopy(chunkSha256, 0, input, prefix.length, chunkSha256.length);
    return input;
  }
}
