package dev.privacyfirst.email.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.email.domain.AccountDirectory;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an account's address from the accounts table ({@code pk=ACCOUNT#<id>, sk=ACCOUNT}, the
 * address sealed under the account's key as field "email"). A deleted account or a destroyed key
 * means no address: a crypto-shredded account gets no mail.
 */
public final class DynamoAccountDirectory implements AccountDirectory {
  private final DynamoDbClient dynamo;
  private final String table;
  private final PersonalDataVault vault;

  public DynamoAccountDirectory(DynamoDbClient dynamo, String table, PersonalDataVault vault) {
    this.dynamo = dynamo;
    this.table = table;
    this.vault = vault;
  }

  @Override
  public Optional<String> emailOf(String accountId) {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamo
              .getItem(
                  r ->
                      r.tableName(table)
                          .key(
                              Map.of(
                                  Tables.PK,
                                  AttributeValue.fromS("ACCOUNT#" + accountId),
                                  Tables.SK,
                                  AttributeValue.fromS("ACCOUNT")))
                          .consistentRead(true))
              .item();
    } catch (SdkException e) {
      throw new DependencyFailure("account store unavailable", e);
    }
    if (item == null || !item.containsKey("email") || item.get("email").s() == null) {
      return Optional.empty();
    }
    return vault.open(accountId, "email", item.get("email").s());
  }
}
