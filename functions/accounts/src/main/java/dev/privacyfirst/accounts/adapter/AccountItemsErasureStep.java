package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.adapter.QueryDeleter;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Deletes the account's items from the accounts table, all found by key, never by a scan: the email
 * lookup item ({@code EMAIL#<hash>}, only while it still points at this account: an address the
 * account gave up may belong to someone else now), every item indexed under the account ({@code
 * gsi1pk=ACCOUNT#<id>}: sessions and whatever else the accounts module indexes there), and every
 * item in the account's partition ({@code pk=ACCOUNT#<id>}: account, profile, consents).
 */
public final class AccountItemsErasureStep implements ErasureStep {
  private final DynamoDbClient dynamo;
  private final String table;
  private final QueryDeleter deleter;

  public AccountItemsErasureStep(DynamoDbClient dynamo, String accountsTable) {
    this.dynamo = dynamo;
    this.table = accountsTable;
    this.deleter = new QueryDeleter(dynamo, accountsTable);
  }

  @Override
  public String name() {
    return ErasureSteps.ACCOUNT_ITEMS;
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.ACCOUNT;
  }

  @Override
  public StepResult erase(Subject subject, Instant now, Budget budget) {
    String owner = "ACCOUNT#" + subject.id();
    long count = 0;
    if (subject.emailLookup().isPresent()) {
      if (!budget.take()) {
        return StepResult.partial(0);
      }
      count += deleteLookup(subject.emailLookup().get(), subject.id());
    }
    StepResult indexed =
        deleter.deleteAll(
            QueryRequest.builder()
                .indexName(Tables.GSI1)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(owner)))
                .build(),
            budget);
    count += indexed.count();
    if (!indexed.finished()) {
      return StepResult.partial(count);
    }
    StepResult partition =
        deleter.deleteAll(
            QueryRequest.builder()
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.PK))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(owner)))
                .consistentRead(true)
                .build(),
            budget);
    count += partition.count();
    return partition.finished() ? StepResult.done(count) : StepResult.partial(count);
  }

  private int deleteLookup(String lookupHash, String accountId) {
    try {
      var response =
          dynamo.deleteItem(
              r ->
                  r.tableName(table)
                      .key(
                          Map.of(
                              Tables.PK, AttributeValue.fromS("EMAIL#" + lookupHash),
                              Tables.SK, AttributeValue.fromS("EMAIL")))
                      .conditionExpression("accountId = :id")
                      .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(accountId)))
                      .returnValues(ReturnValue.ALL_OLD));
      return response.hasAttributes() && !response.attributes().isEmpty() ? 1 : 0;
    } catch (ConditionalCheckFailedException goneOrSomeoneElses) {
      return 0;
    } catch (SdkException e) {
      throw new DependencyFailure("accounts table unavailable", e);
    }
  }
}
