package dev.privacyfirst.files.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.files.domain.FileIds;
import dev.privacyfirst.files.domain.FileRecord;
import dev.privacyfirst.files.domain.UploadQuota;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Two begins of one account charge the same usage item in their transactions, and DynamoDB cancels
 * one of two that overlap with {@code TransactionConflict}. DynamoDB Local serialises transactions
 * and never answers that, so the conflicts here are injected: the begin is retried (under a
 * jittered backoff), charged once, and given up only after the last attempt, with nothing charged.
 */
@Tag("emulators")
class UploadChargesConflictTest {
  private static final String SHA = "0".repeat(64);
  private static final UploadQuota QUOTA = new UploadQuota(1_000_000, 5);

  /** Cancels the first {@code conflicts} transactions as DynamoDB cancels one that collided. */
  static final class Conflicts implements ExecutionInterceptor {
    final AtomicInteger left;
    final AtomicInteger transactions = new AtomicInteger();

    Conflicts(int conflicts) {
      left = new AtomicInteger(conflicts);
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if (context.request() instanceof TransactWriteItemsRequest request) {
        transactions.incrementAndGet();
        if (left.getAndDecrement() > 0) {
          throw TransactionCanceledException.builder()
              .statusCode(400)
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .errorCode("TransactionCanceledException")
                      .serviceName("DynamoDb")
                      .build())
              .message(
                  "Transaction cancelled, please refer cancellation reasons for specific reasons")
              .cancellationReasons(
                  request.transactItems().stream()
                      .map(
                          item ->
                              CancellationReason.builder()
                                  .code("TransactionConflict")
                                  .message("Transaction is ongoing for the item")
                                  .build())
                      .toList())
              .build();
        }
      }
    }
  }

  private static DynamoFileRepository repository(Conflicts conflicts) {
    return DynamoFileRepositoryTest.on(
        new AwsClients(SharedEmulators.config(), List.of(conflicts)).dynamoDb());
  }

  private static FileRecord pending(String account, long size) {
    Instant now = Instant.now();
    return FileRecord.pending(
        FileIds.newId(now), account, "notes.txt", "text/plain", size, SHA, now);
  }

  @Test
  void aBeginThatCollidedIsRetriedAndChargedOnce() {
    Conflicts conflicts = new Conflicts(3);
    DynamoFileRepository files = repository(conflicts);
    String account = "acct-" + UUID.randomUUID();

    files.create(pending(account, 700), QUOTA);

    assertThat(conflicts.transactions).hasValue(4);
    assertThat(files.usage(account)).isEqualTo(new UploadQuota.Usage(700, 1));
  }

  @Test
  void aBeginThatCollidesOnEveryAttemptFailsAsADependencyWithNothingCharged() {
    Conflicts conflicts = new Conflicts(Integer.MAX_VALUE);
    DynamoFileRepository files = repository(conflicts);
    String account = "acct-" + UUID.randomUUID();

    assertThatThrownBy(() -> files.create(pending(account, 700), QUOTA))
        .isInstanceOf(DependencyFailure.class);

    assertThat(conflicts.transactions.get()).isGreaterThan(1);
    assertThat(files.usage(account)).isEqualTo(new UploadQuota.Usage(0, 0));
  }
}
