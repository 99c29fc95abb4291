package dev.privacyfirst.common.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@link DynamoPaging} against DynamoDB Local (its test lives in a module that has the emulators;
 * common itself does not depend on them): one partition of 30 items, read in pages.
 */
@Tag("emulators")
class DynamoPagingTest {
  private static final String TABLE = Tables.EVENTS.localName();
  private final DynamoDbClient dynamo = SharedEmulators.get().dynamoDb();
  private final String pk = "paging-" + UUID.randomUUID();

  private List<String> fill(int count) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    List<String> sortKeys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String sk = String.format("S#%03d", i);
      sortKeys.add(sk);
      items.add(
          Map.of(
              "pk", AttributeValue.fromS(pk),
              "sk", AttributeValue.fromS(sk),
              "third", AttributeValue.fromBool(i % 3 == 0)));
    }
    DynamoBatches.put(dynamo, TABLE, items, "could not fill");
    return sortKeys;
  }

  private QueryRequest.Builder partition() {
    return QueryRequest.builder()
        .tableName(TABLE)
        .consistentRead(true)
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)));
  }

  private static List<String> sortKeys(List<Map<String, AttributeValue>> items) {
    return items.stream().map(i -> i.get("sk").s()).toList();
  }

  @Test
  void aQueryFollowsTheLastEvaluatedKeyUntilItHasAsManyItemsAsAsked() {
    List<String> all = fill(30);

    List<Map<String, AttributeValue>> items =
        DynamoPaging.query(dynamo, partition().limit(7).build(), 25, "could not read");

    assertThat(sortKeys(items)).isEqualTo(all.subList(0, 25));
  }

  @Test
  void aFilteredQueryReadsOnUntilEnoughItemsMatched() {
    fill(30);

    List<Map<String, AttributeValue>> items =
        DynamoPaging.query(
            dynamo,
            partition()
                .filterExpression("third = :t")
                .expressionAttributeValues(
                    Map.of(":pk", AttributeValue.fromS(pk), ":t", AttributeValue.fromBool(true)))
                .limit(5)
                .build(),
            6,
            "could not read");

    assertThat(sortKeys(items))
        .containsExactly("S#000", "S#003", "S#006", "S#009", "S#012", "S#015");
  }

  @Test
  void queryAllEndsAtTheLastPageAndAStartKeyIsHonoured() {
    List<String> all = fill(30);

    assertThat(sortKeys(DynamoPaging.queryAll(dynamo, partition().limit(4).build(), "x")))
        .isEqualTo(all);
    assertThat(
            sortKeys(
                DynamoPaging.queryAll(
                    dynamo,
                    partition()
                        .exclusiveStartKey(
                            Map.of(
                                "pk", AttributeValue.fromS(pk),
                                "sk", AttributeValue.fromS("S#027")))
                        .build(),
                    "x")))
        .containsExactly("S#028", "S#029");
  }

  @Test
  void onePageSaysWhereToContinueAndTheLastPageSaysNothing() {
    fill(5);

    DynamoPaging.Page first = DynamoPaging.page(dynamo, partition().limit(3).build(), "x");
    DynamoPaging.Page second =
        DynamoPaging.page(dynamo, partition().exclusiveStartKey(first.next()).build(), "x");

    assertThat(first.last()).isFalse();
    assertThat(first.next().get("sk").s()).isEqualTo("S#002");
    assertThat(sortKeys(second.items())).containsExactly("S#003", "S#004");
    assertThat(second.last()).isTrue();
  }

  @Test
  void aScanPagesUntilItHasAsManyMatchesAsAsked() {
    fill(12);

    List<Map<String, AttributeValue>> items =
        DynamoPaging.scan(
            dynamo,
            ScanRequest.builder()
                .tableName(TABLE)
                .filterExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .limit(500)
                .build(),
            12,
            "could not scan");

    assertThat(items).hasSize(12);
  }

  @Test
  void aDynamoDbFailureBecomesADependencyFailureSayingWhatCouldNotBeDone() {
    assertThatThrownBy(
            () ->
                DynamoPaging.query(
                    dynamo,
                    partition().tableName("no-such-table-" + UUID.randomUUID()).build(),
                    10,
                    "could not read the widgets"))
        .isInstanceOf(DependencyFailure.class)
        .hasMessage("could not read the widgets")
        .hasCauseInstanceOf(ResourceNotFoundException.class);
  }
}
