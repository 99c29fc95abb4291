package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.domain.CampaignLedger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Campaign records in the email table: {@code pk=CAMPAIGN#<id>}, {@code sk=CAMPAIGN} (the
 * definition's fingerprint) and {@code sk=TO#<account>} (state, message id or skip reason), the
 * latter indexed on GSI1 under {@code RECIPIENT#<account>} so an erased account's records are found
 * by query.
 */
public final class DynamoCampaignLedger implements CampaignLedger {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoCampaignLedger(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> key(String campaignId, String sk) {
    return Map.of(
        Tables.PK,
        AttributeValue.fromS("CAMPAIGN#" + campaignId),
        Tables.SK,
        AttributeValue.fromS(sk));
  }

  @Override
  public void begin(String campaignId, String fingerprint, Instant at) {
    Map<String, AttributeValue> item = new HashMap<>(key(campaignId, "CAMPAIGN"));
    item.put("fingerprint", AttributeValue.fromS(fingerprint));
    item.put("createdAt", AttributeValue.fromS(at.toString()));
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(pk) OR fingerprint = :f")
                  .expressionAttributeValues(Map.of(":f", AttributeValue.fromS(fingerprint))));
    } catch (ConditionalCheckFailedException e) {
      throw new CampaignConflict("This campaign id was already used for a different message.");
    } catch (SdkException e) {
      throw new DependencyFailure("campaign ledger unavailable", e);
    }
  }

  @Override
  public State claim(String campaignId, String accountId, Instant at) {
    Map<String, AttributeValue> item = new HashMap<>(key(campaignId, "TO#" + accountId));
    item.put("state", AttributeValue.fromS(State.SENDING.name()));
    item.put("claimedAt", AttributeValue.fromS(at.toString()));
    item.put(Tables.GSI1_PK, AttributeValue.fromS(recipientKey(accountId)));
    item.put(Tables.GSI1_SK, AttributeValue.fromS("CAMPAIGN#" + campaignId));
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(pk)")
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return null;
    } catch (ConditionalCheckFailedException e) {
      if (e.hasItem() && e.item().containsKey("state")) {
        return State.valueOf(e.item().get("state").s());
      }
      return readState(campaignId, accountId);
    } catch (SdkException e) {
      throw new DependencyFailure("campaign ledger unavailable", e);
    }
  }

  private State readState(String campaignId, String accountId) {
    var found =
        dynamo
            .getItem(
                r ->
                    r.tableName(table).key(key(campaignId, "TO#" + accountId)).consistentRead(true))
            .item();
    return State.valueOf(found.get("state").s());
  }

  @Override
  public void finish(String campaignId, String accountId, State state, String detail, Instant at) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(key(campaignId, "TO#" + accountId))
                  .updateExpression("SET #s = :s, detail = :d, finishedAt = :at")
                  .expressionAttributeNames(Map.of("#s", "state"))
                  .expressionAttributeValues(
                      Map.of(
                          ":s", AttributeValue.fromS(state.name()),
                          ":d", AttributeValue.fromS(detail),
                          ":at", AttributeValue.fromS(at.toString()))));
    } catch (SdkException e) {
      throw new DependencyFailure("campaign ledger unavailable", e);
    }
  }

  @Override
  public java.util.List<Sent> sentTo(String accountId) {
    java.util.List<Sent> sent = new java.util.ArrayList<>();
    // Not the SDK's paginator: it rewrites requests through the generic request builder, which
    // keeps every request builder of every service in the shrunk jar (BENCHMARKS.md, jar sizes).
    DynamoPaging.queryAll(
            dynamo,
            QueryRequest.builder()
                .tableName(table)
                .indexName(Tables.GSI1)
                // The account's link grants share its index key; only send records sort under
                // CAMPAIGN#.
                .keyConditionExpression("#p = :p AND begins_with(#s, :c)")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK, "#s", Tables.GSI1_SK))
                .expressionAttributeValues(
                    Map.of(
                        ":p", AttributeValue.fromS(recipientKey(accountId)),
                        ":c", AttributeValue.fromS("CAMPAIGN#")))
                .build(),
            "campaign ledger unavailable")
        .forEach(
            item -> {
              AttributeValue at =
                  item.containsKey("finishedAt") ? item.get("finishedAt") : item.get("claimedAt");
              sent.add(
                  new Sent(
                      item.get(Tables.PK).s().substring("CAMPAIGN#".length()),
                      State.valueOf(item.get("state").s()),
                      at == null ? null : Instant.parse(at.s())));
            });
    return sent;
  }

  private static String recipientKey(String accountId) {
    return "RECIPIENT#" + accountId;
  }

  @Override
  public int forgetRecipient(String accountId, int limit) {
    try {
      var found =
          dynamo
              .query(
                  r ->
                      r.tableName(table)
                          .indexName(Tables.GSI1)
                          .keyConditionExpression("#p = :p")
                          .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                          .expressionAttributeValues(
                              Map.of(":p", AttributeValue.fromS(recipientKey(accountId))))
                          .limit(limit))
              .items();
      for (Map<String, AttributeValue> item : found) {
        dynamo.deleteItem(
            r ->
                r.tableName(table)
                    .key(Map.of(Tables.PK, item.get(Tables.PK), Tables.SK, item.get(Tables.SK))));
      }
      return found.size();
    } catch (SdkException e) {
      throw new DependencyFailure("campaign ledger unavailable", e);
    }
  }
}
