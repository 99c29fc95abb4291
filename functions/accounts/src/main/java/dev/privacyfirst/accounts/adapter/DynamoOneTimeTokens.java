package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.MailAllowance;
import dev.privacyfirst.accounts.domain.OneTimeTokens;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * One-time tokens and mail allowances in the accounts table. A token is {@code pk=ONETIME#<sha-256
 * of the token> sk=<purpose>} with its account and {@code expiresAt} (also the TTL), indexed in
 * GSI1 under {@code ACCOUNT#<id>} (the account's erasure deletes it there); consuming it is one
 * conditional delete that returns the old item, so two concurrent uses cannot both succeed and an
 * expired one (the TTL sweep lags) is refused. An allowance is {@code pk=MAILDAY#<email keyed hash>
 * sk=<date>[#<kind>]} with a conditional {@code ADD}.
 */
public final class DynamoOneTimeTokens implements OneTimeTokens, MailAllowance {
  private static final String TOKEN_PREFIX = "ONETIME#";
  private static final String ALLOWANCE_PREFIX = "MAILDAY#";

  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoOneTimeTokens(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  private static Map<String, AttributeValue> tokenKey(String tokenHash, Purpose purpose) {
    return Map.of(
        Tables.PK, AttributeValue.fromS(TOKEN_PREFIX + tokenHash),
        Tables.SK, AttributeValue.fromS(purpose.name()));
  }

  @Override
  public void store(String tokenHash, Purpose purpose, String accountId, Instant expiresAt) {
    var item = new java.util.HashMap<>(tokenKey(tokenHash, purpose));
    item.put("accountId", AttributeValue.fromS(accountId));
    // Indexed under the account, so that its erasure (which deletes everything indexed there) takes
    // an unused link with it instead of leaving the account id until the link expires.
    item.put(
        Tables.GSI1_PK, AttributeValue.fromS(DynamoAccountRepository.ACCOUNT_PREFIX + accountId));
    item.put(Tables.GSI1_SK, AttributeValue.fromS(TOKEN_PREFIX + purpose.name() + "#" + tokenHash));
    item.put(Tables.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
    try {
      dynamo.putItem(r -> r.tableName(table).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("one-time tokens unavailable", e);
    }
  }

  @Override
  public Optional<String> peek(String tokenHash, Purpose purpose, Instant now) {
    try {
      var item =
          dynamo
              .getItem(
                  r -> r.tableName(table).key(tokenKey(tokenHash, purpose)).consistentRead(true))
              .item();
      if (item == null
          || !item.containsKey("accountId")
          || Long.parseLong(item.get(Tables.EXPIRES_AT).n()) < now.getEpochSecond()) {
        return Optional.empty();
      }
      return Optional.of(item.get("accountId").s());
    } catch (SdkException e) {
      throw new DependencyFailure("one-time tokens unavailable", e);
    }
  }

  @Override
  public Optional<String> consume(String tokenHash, Purpose purpose, Instant now) {
    try {
      var old =
          dynamo
              .deleteItem(
                  r ->
                      r.tableName(table)
                          .key(tokenKey(tokenHash, purpose))
                          .conditionExpression("attribute_exists(#pk) AND #exp >= :now")
                          .expressionAttributeNames(
                              Map.of("#pk", Tables.PK, "#exp", Tables.EXPIRES_AT))
                          .expressionAttributeValues(
                              Map.of(
                                  ":now",
                                  AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
                          .returnValues(ReturnValue.ALL_OLD))
              .attributes();
      return Optional.ofNullable(old.get("accountId")).map(AttributeValue::s);
    } catch (ConditionalCheckFailedException unknownUsedOrExpired) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new DependencyFailure("one-time tokens unavailable", e);
    }
  }

  @Override
  public boolean take(String emailLookup, Kind kind, LocalDate day, int perDay) {
    String sk = kind.key().isEmpty() ? day.toString() : day + "#" + kind.key();
    long forgetAt = day.plusDays(2).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(
                      Map.of(
                          Tables.PK, AttributeValue.fromS(ALLOWANCE_PREFIX + emailLookup),
                          Tables.SK, AttributeValue.fromS(sk)))
                  .updateExpression("ADD #n :one SET #exp = :exp")
                  .conditionExpression("attribute_not_exists(#n) OR #n < :max")
                  .expressionAttributeNames(Map.of("#n", "sent", "#exp", Tables.EXPIRES_AT))
                  .expressionAttributeValues(
                      Map.of(
                          ":one", AttributeValue.fromN("1"),
                          ":max", AttributeValue.fromN(Integer.toString(perDay)),
                          ":exp", AttributeValue.fromN(Long.toString(forgetAt)))));
      return true;
    } catch (ConditionalCheckFailedException usedUp) {
      return false;
    } catch (SdkException e) {
      throw new DependencyFailure("mail allowance unavailable", e);
    }
  }
}
