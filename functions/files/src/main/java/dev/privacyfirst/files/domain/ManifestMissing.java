package dev.privacyfirst.files.domain;

/**
 * A manifest page is gone: the file's removal had begun (its references were released before), or
 * the data is damaged.
 */
public final class ManifestMissing extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ManifestMissing(String message) {
    super(message);
  }
}
