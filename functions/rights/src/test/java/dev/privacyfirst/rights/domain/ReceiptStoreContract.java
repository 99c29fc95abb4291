package dev.privacyfirst.rights.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ReceiptStore} does; each test uses fresh request ids. */
public abstract class ReceiptStoreContract {
  protected abstract ReceiptStore store();

  protected ReceiptStore receipts;
  protected final Instant now = Instant.parse("2026-03-10T12:00:00Z");

  @BeforeEach
  void open() {
    receipts = store();
  }

  protected Receipt receipt(String requestId, Receipt.Outcome outcome, Instant at) {
    return new Receipt(
        requestId,
        outcome,
        SubjectKind.ACCOUNT,
        "subject-hash",
        RequestKind.ACCOUNT,
        outcome == Receipt.Outcome.COMPLETED ? Map.of("files", 3L, "events", 120L) : Map.of(),
        now.minus(Duration.ofDays(30)),
        now.plus(Duration.ofDays(2)),
        at);
  }

  @Test
  void aRequestsSkipsAndItsCompletionAreKeptAndReadBackForThatRequestOnly() {
    String requestId = "req-" + UUID.randomUUID();
    Receipt skipped = receipt(requestId, Receipt.Outcome.SKIPPED_HELD, now);
    Receipt skippedAgain = receipt(requestId, Receipt.Outcome.SKIPPED_HELD, now.plusSeconds(60));
    Receipt completed = receipt(requestId, Receipt.Outcome.COMPLETED, now.plusSeconds(120));
    String other = "req-" + UUID.randomUUID();
    Instant keepUntil = now.plus(Duration.ofDays(3 * 365));

    receipts.record(skipped, keepUntil);
    receipts.record(skippedAgain, keepUntil);
    receipts.record(completed, keepUntil);
    receipts.record(receipt(other, Receipt.Outcome.COMPLETED, now), keepUntil);

    assertThat(receipts.forRequest(requestId))
        .containsExactlyInAnyOrder(skipped, skippedAgain, completed);
    assertThat(receipts.forRequest("req-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void aRetriedCompletionKeepsOneReceipt() {
    String requestId = "req-" + UUID.randomUUID();
    Instant keepUntil = now.plus(Duration.ofDays(3 * 365));
    receipts.record(receipt(requestId, Receipt.Outcome.COMPLETED, now), keepUntil);
    Receipt retried = receipt(requestId, Receipt.Outcome.COMPLETED, now.plusSeconds(5));
    receipts.record(retried, keepUntil);

    assertThat(receipts.forRequest(requestId)).containsExactly(retried);
  }
}
