package dev.privacyfirst.files.domain;

/**
 * A chunk ready for the vault: compressed (or not, {@code codec}), encrypted under a data key
 * derived for its id, with the wrapped upload data key and the reference naming its encryption
 * context.
 */
public record SealedChunk(
    String chunkId, int plainLength, int codec, byte[] bytes, byte[] wrappedKey, String keyRef) {}
