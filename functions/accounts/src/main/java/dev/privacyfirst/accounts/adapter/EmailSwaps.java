package dev.privacyfirst.accounts.adapter;

import static dev.privacyfirst.accounts.adapter.DynamoAccountRepository.accountKey;
import static dev.privacyfirst.accounts.adapter.DynamoAccountRepository.emailKey;

import dev.privacyfirst.accounts.domain.EmailSwap;
import dev.privacyfirst.common.adapter.DynamoConditions;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link DynamoAccountRepository}'s address changes: the pending and undo slots on the account row
 * ({@code pendingEmail*}, {@code undoEmail*}) and the swap that moves the email lookup in one
 * transaction.
 */
final class EmailSwaps extends AccountTable {
  EmailSwaps(DynamoDbClient dynamo, String table) {
    super(dynamo, table);
  }

  private static String slotPrefix(EmailSwap.Slot slot) {
    return slot == EmailSwap.Slot.PENDING ? "pendingEmail" : "undoEmail";
  }

  void stashEmail(String accountId, EmailSwap.Slot slot, EmailSwap swap) {
    String p = slotPrefix(slot);
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(accountKey(accountId))
                  .updateExpression("SET #e = :e, #l = :l, #t = :t")
                  .conditionExpression("attribute_exists(#pk)")
                  .expressionAttributeNames(
                      Map.of("#e", p, "#l", p + "Lookup", "#t", p + "Token", "#pk", Tables.PK))
                  .expressionAttributeValues(
                      Map.of(
                          ":e", AttributeValue.fromS(swap.sealedEmail()),
                          ":l", AttributeValue.fromS(swap.emailLookup()),
                          ":t", AttributeValue.fromS(swap.tokenHash()))));
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }

  Optional<EmailSwap> stashedEmail(String accountId, EmailSwap.Slot slot) {
    String p = slotPrefix(slot);
    return get(accountKey(accountId))
        .filter(item -> item.containsKey(p))
        .map(
            item ->
                new EmailSwap(
                    item.get(p).s(), item.get(p + "Lookup").s(), item.get(p + "Token").s()));
  }

  boolean swapEmail(
      String accountId,
      String fromLookup,
      EmailSwap to,
      java.util.List<String> guards,
      EmailSwap.Slot clear,
      EmailSwap keep) {
    Map<String, AttributeValue> lookup = EmailLookupItems.item(to.emailLookup(), accountId);
    String c = slotPrefix(clear);
    Map<String, String> names = new java.util.HashMap<>();
    names.put("#c", c);
    names.put("#cl", c + "Lookup");
    names.put("#ct", c + "Token");
    Map<String, AttributeValue> values = new java.util.HashMap<>();
    values.put(":email", AttributeValue.fromS(to.sealedEmail()));
    values.put(":to", AttributeValue.fromS(to.emailLookup()));
    values.put(":from", AttributeValue.fromS(fromLookup));
    String set = "SET email = :email, emailLookup = :to";
    if (keep != null) {
      set += ", undoEmail = :ue, undoEmailLookup = :ul, undoEmailToken = :ut";
      values.put(":ue", AttributeValue.fromS(keep.sealedEmail()));
      values.put(":ul", AttributeValue.fromS(keep.emailLookup()));
      values.put(":ut", AttributeValue.fromS(keep.tokenHash()));
    }
    if (keep != null && clear == EmailSwap.Slot.UNDO) {
      throw new IllegalArgumentException("the undo slot cannot be kept and cleared at once");
    }
    String update = set + " REMOVE #c, #cl, #ct";
    java.util.List<TransactWriteItem> writes =
        new java.util.ArrayList<>(EmailLookupItems.guards(table, guards, accountId));
    writes.add(TransactWriteItem.builder().put(conditionalPut(lookup)).build());
    writes.add(
        TransactWriteItem.builder()
            .delete(
                d ->
                    d.tableName(table)
                        .key(emailKey(fromLookup))
                        .conditionExpression("accountId = :id")
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(accountId))))
            .build());
    writes.add(
        TransactWriteItem.builder()
            .update(
                u -> {
                  u.tableName(table)
                      .key(accountKey(accountId))
                      .updateExpression(update)
                      .conditionExpression("emailLookup = :from")
                      .expressionAttributeNames(names)
                      .expressionAttributeValues(values);
                })
            .build());
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (DynamoConditions.failed(e)) {
        return false;
      }
      throw new DependencyFailure("account store transaction cancelled", e);
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
  }
}
