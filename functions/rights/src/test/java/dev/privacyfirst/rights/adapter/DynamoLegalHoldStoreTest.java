package dev.privacyfirst.rights.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.rights.domain.LegalHold;
import dev.privacyfirst.rights.domain.LegalHoldStore;
import dev.privacyfirst.rights.domain.LegalHoldStoreContract;
import dev.privacyfirst.rights.domain.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The legal-hold store's contract against DynamoDB Local, and what only this store writes: the
 * record under the pseudonym names no account, and the history outlives the hold.
 */
@Tag("emulators")
class DynamoLegalHoldStoreTest extends LegalHoldStoreContract {
  private static final String TABLE = Tables.RETENTION.localName();

  @Override
  protected LegalHoldStore store() {
    return new DynamoLegalHoldStore(SharedEmulators.get().dynamoDb(), TABLE);
  }

  private static List<Map<String, AttributeValue>> partition(String pk) {
    return SharedEmulators.get()
        .dynamoDb()
        .query(
            r ->
                r.tableName(TABLE)
                    .consistentRead(true)
                    .keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", Tables.PK))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk))))
        .items();
  }

  @Test
  void thePseudonymsRecordNamesNoAccountAndTheHistoryOutlivesTheHold() {
    Subject subject = account();
    String analyticsId = pseudonym();
    holds.place(new LegalHold(subject, "litigation", now), analyticsId);

    List<Map<String, AttributeValue>> byPseudonym =
        partition(RightsTable.ANALYTICS_HOLD + analyticsId);
    assertThat(byPseudonym).hasSize(1);
    assertThat(byPseudonym.get(0).values())
        .extracting(AttributeValue::s)
        .doesNotContain(subject.id(), "litigation");

    holds.lift(subject, analyticsId, "settled", now.plusSeconds(60));

    assertThat(partition("HOLD#ACCOUNT#" + subject.id()))
        .extracting(item -> item.get("what").s())
        .containsExactly("PLACED", "LIFTED");
  }
}
