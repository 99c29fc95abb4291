package dev.privacyfirst.accounts.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.domain.OneTimeTokens.Purpose;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.testkit.OwnTables;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An account's unused one-time links (a password reset, a sign-in link, the 7-day undo of an
 * address change) name the account: its erasure takes them, and leaves another account's alone.
 */
@Tag("emulators")
class OneTimeTokensErasureTest {
  private static final Instant NOW = Instant.parse("2099-05-01T09:00:00Z");
  private DynamoDbClient dynamo;
  private String table;
  private DynamoOneTimeTokens tokens;

  @BeforeEach
  void setUp() {
    dynamo = SharedEmulators.get().dynamoDb();
    table = OwnTables.like(dynamo, Tables.ACCOUNTS);
    tokens = new DynamoOneTimeTokens(dynamo, table);
  }

  @AfterEach
  void dropTable() {
    dynamo.deleteTable(r -> r.tableName(table));
  }

  private static String hash() {
    return UUID.randomUUID().toString().replace("-", "") + "0123456789abcdef0123456789abcdef";
  }

  @Test
  void erasingTheAccountRemovesItsUnusedLinksAndLeavesAnotherAccountsLink() {
    String erased = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    String reset = hash();
    String signIn = hash();
    String undo = hash();
    String othersReset = hash();
    tokens.store(reset, Purpose.PASSWORD_RESET, erased, NOW.plus(Duration.ofMinutes(30)));
    tokens.store(signIn, Purpose.SIGN_IN_LINK, erased, NOW.plus(Duration.ofMinutes(15)));
    tokens.store(undo, Purpose.EMAIL_CHANGE_UNDO, erased, NOW.plus(Duration.ofDays(7)));
    tokens.store(othersReset, Purpose.PASSWORD_RESET, other, NOW.plus(Duration.ofMinutes(30)));

    new AccountItemsErasureStep(dynamo, table)
        .erase(Subject.account(erased), NOW, Budget.unlimited());

    assertThat(tokens.peek(reset, Purpose.PASSWORD_RESET, NOW)).isEmpty();
    assertThat(tokens.peek(signIn, Purpose.SIGN_IN_LINK, NOW)).isEmpty();
    assertThat(tokens.peek(undo, Purpose.EMAIL_CHANGE_UNDO, NOW)).isEmpty();
    assertThat(dynamo.scan(r -> r.tableName(table)).items())
        .as("nothing in the table names the erased account")
        .noneMatch(item -> item.toString().contains(erased));
    assertThat(tokens.peek(othersReset, Purpose.PASSWORD_RESET, NOW)).contains(other);
  }
}
