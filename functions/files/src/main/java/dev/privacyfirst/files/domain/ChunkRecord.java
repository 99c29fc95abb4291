package dev.privacyfirst.files.domain;

/**
 * A stored chunk: how many file positions reference it, where its sealed bytes are, and the wrapped
 * data key with the reference to its encryption context. {@code collecting} is set while the
 * collector removes it; such a chunk counts as absent.
 */
public record ChunkRecord(
    String chunkId,
    long refs,
    String objectKey,
    int codec,
    int plainLength,
    long storedLength,
    byte[] wrappedKey,
    String keyRef,
    boolean collecting) {}
