package dev.privacyfirst.files.domain;

/** Chunk {@code chunkId} at position {@code index} of a file: one reference. */
public record Occurrence(int index, String chunkId) {}
