package dev.privacyfirst.files.domain;

/** The answer to an upload request: the file id and where to send the bytes. */
public record NewUpload(FileRecord file, BlobStore.PresignedUpload request) {}
