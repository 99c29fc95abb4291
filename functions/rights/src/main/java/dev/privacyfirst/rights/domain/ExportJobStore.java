package dev.privacyfirst.rights.domain;

import java.util.List;
import java.util.Optional;

/** Export jobs, one current job per account (port; the rights table in production). */
public interface ExportJobStore {
  Optional<ExportJob> current(String accountId);

  /** Files a job unless a pending one exists; false when one does (it stays current). */
  boolean fileUnlessPending(ExportJob job);

  /** Records the outcome of a pending job (ready or failed). */
  void finish(ExportJob job);

  /** The oldest pending jobs, up to {@code limit}. */
  List<ExportJob> pending(int limit);

  /** Removes the account's job (part of its erasure); idempotent. */
  void forget(String accountId);
}
