package dev.privacyfirst.accounts.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.domain.Account;
import dev.privacyfirst.accounts.domain.AccountRepository;
import dev.privacyfirst.accounts.domain.AccountRepositoryContract;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The account repository's contract against DynamoDB Local, and what only this store writes: the
 * pending marker's expiry for TTL.
 */
@Tag("emulators")
class DynamoAccountRepositoryTest extends AccountRepositoryContract {
  private static final String TABLE = Tables.ACCOUNTS.localName();

  @Override
  protected AccountRepository repository() {
    return new DynamoAccountRepository(SharedEmulators.get().dynamoDb(), TABLE);
  }

  @Test
  void thePendingMarkerExpiresWithTheVerificationWindow() {
    String lookup = lookup();
    Instant verifyBy = ancient();
    Account account = unverified(lookup, verifyBy, null);

    Map<String, AttributeValue> marker =
        SharedEmulators.get()
            .dynamoDb()
            .getItem(
                r ->
                    r.tableName(TABLE)
                        .consistentRead(true)
                        .key(DynamoAccountRepository.pendingKey(lookup)))
            .item();
    assertThat(marker.get("accountId").s()).isEqualTo(account.id());
    assertThat(marker.get(Tables.EXPIRES_AT).n())
        .isEqualTo(Long.toString(verifyBy.getEpochSecond()));
  }
}
