package dev.privacyfirst.files.domain;

/**
 * Where a sealed chunk lives in the vault: under the file that first stored it, so a retry of the
 * same upload overwrites its own object and two uploads racing on one new chunk never overwrite
 * each other's (the loser deletes its copy).
 */
public final class VaultKeys {
  private VaultKeys() {}

  public static String of(String fileId, String chunkId) {
    return "chunks/" + fileId + "/" + chunkId;
  }
}
