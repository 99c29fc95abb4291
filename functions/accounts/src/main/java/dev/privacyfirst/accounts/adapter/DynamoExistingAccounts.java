package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.AccountStatus;
import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.ExistingAccounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The accounts table read page by page for the one-time directory backfill. The table has no index
 * of its accounts (accounts created since the directory existed are in the directory's index
 * instead), so this one operator-run migration reads it with a paginated Scan, filtered to account
 * items and projected to the id, the sealed address and the status; the cursor is the Scan's last
 * evaluated key. Nothing on a request path scans.
 */
public final class DynamoExistingAccounts implements ExistingAccounts {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoExistingAccounts(DynamoDbClient dynamo, String accountsTable) {
    this.dynamo = dynamo;
    this.table = accountsTable;
  }

  @Override
  public Page page(String cursor, int limit) {
    Map<String, AttributeValue> start = cursor == null ? null : decode(cursor);
    DynamoPaging.Page page =
        DynamoPaging.page(
            dynamo,
            ScanRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .filterExpression("#s = :sk AND begins_with(#p, :prefix)")
                .projectionExpression("#p, #e, #st")
                .expressionAttributeNames(
                    Map.of("#p", Tables.PK, "#s", Tables.SK, "#e", "email", "#st", "status"))
                .expressionAttributeValues(
                    Map.of(
                        ":sk",
                        AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_SK),
                        ":prefix",
                        AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_PREFIX)))
                .exclusiveStartKey(start)
                .limit(limit)
                .build(),
            "accounts table unavailable");
    List<Account> accounts = new ArrayList<>();
    for (Map<String, AttributeValue> item : page.items()) {
      if (!item.containsKey("email")) {
        continue;
      }
      String accountId =
          item.get(Tables.PK).s().substring(DynamoAccountRepository.ACCOUNT_PREFIX.length());
      AttributeValue status = item.get("status");
      if (status != null && AccountStatus.UNVERIFIED.stored().equals(status.s())) {
        // The directory holds proved addresses only: an unverified sign-up enters it when its
        // link is followed, or never.
        continue;
      }
      accounts.add(
          new Account(
              accountId,
              item.get("email").s(),
              status != null && AccountStatus.ACTIVE.stored().equals(status.s())));
    }
    String next = page.last() ? null : encode(page.next());
    return new Page(accounts, next);
  }

  @Override
  public boolean exists(String accountId) {
    try {
      var item =
          dynamo
              .getItem(
                  r ->
                      r.tableName(table)
                          .key(DynamoAccountRepository.accountKey(accountId))
                          .consistentRead(true))
              .item();
      return item != null && !item.isEmpty();
    } catch (SdkException e) {
      throw new DependencyFailure("accounts table unavailable", e);
    }
  }

  static String encode(Map<String, AttributeValue> key) {
    return b64(key.get(Tables.PK).s()) + "." + b64(key.get(Tables.SK).s());
  }

  static Map<String, AttributeValue> decode(String cursor) {
    int cut = cursor.indexOf('.');
    if (cut < 0) {
      throw new IllegalArgumentException("not a backfill cursor");
    }
    return Map.of(
        Tables.PK,
        AttributeValue.fromS(unb64(cursor.substring(0, cut))),
        Tables.SK,
        AttributeValue.fromS(unb64(cursor.substring(cut + 1))));
  }

  private static String b64(String value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String unb64(String value) {
    return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
