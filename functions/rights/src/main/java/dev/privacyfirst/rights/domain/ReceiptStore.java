package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.List;

/** Deletion receipts (port). Recording a completion twice keeps one receipt. */
public interface ReceiptStore {
  void record(Receipt receipt, Instant expiresAt);

  List<Receipt> forRequest(String requestId);
}
