package dev.privacyfirst.files.domain;

import dev.privacyfirst.common.crypto.KeyedHash;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Names a chunk by HMAC-SHA-256 (server secret) of its SHA-256, so that the chunk table alone
 * cannot confirm whether anyone stores a known file. With {@link Scope#USER} the account id is part
 * of the MAC input and identical content of two users gets two chunks.
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

  private final KeyedHash hash;
  private final Scope scope;

  public ChunkIds(KeyedHash hash, Scope scope) {
    this.hash = hash;
    this.scope = scope;
  }

  public Scope scope() {
    return scope;
  }

  public String id(byte[] chunkSha256, String accountId) {
    if (scope == Scope.GLOBAL) {
      return hash.hex(chunkSha256);
    }
    byte[] prefix = ("user:" + accountId + ":").getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[prefix.length + chunkSha256.length];
    System.arraycopy(prefix, 0, input, 0, prefix.length);
    System.arraycopy(chunkSha256, 0, input, prefix.length, chunkSha256.length);
    return hash.hex(input);
  }
}
