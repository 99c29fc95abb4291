package dev.privacyfirst.retention.domain;

import dev.privacyfirst.rights.domain.AccountErasureInOneCall;
import java.util.function.ToIntFunction;

/**
 * The account's export archives (plaintext copies of everything it held) are deleted with the
 * account, not left for the bucket's one-day lifecycle rule. Safe to repeat.
 */
public final class ExportArchiveErasureStep extends AccountErasureInOneCall {
  public static final String NAME = "export-archives";
  private final ToIntFunction<String> deleteAll;

  public ExportArchiveErasureStep(ToIntFunction<String> deleteAll) {
    super(NAME);
    this.deleteAll = deleteAll;
  }

  @Override
  protected long eraseAll(String accountId) {
    return deleteAll.applyAsInt(accountId);
  }
}
