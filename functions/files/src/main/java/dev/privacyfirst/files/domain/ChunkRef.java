package dev.privacyfirst.files.domain;

/** One entry of a manifest: which chunk, and its plaintext length. */
public record ChunkRef(String chunkId, int length) {}
