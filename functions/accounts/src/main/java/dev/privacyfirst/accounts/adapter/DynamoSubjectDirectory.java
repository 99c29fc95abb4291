package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.EmailLookups;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.personal.PersonalDataVault;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.rights.domain.AccountDirectory;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the accounts module's layout: {@code EMAIL#<hmac-hex>/EMAIL} with {@code accountId}, and
 * {@code ACCOUNT#<id>/ACCOUNT} with the email sealed under the vault field "email".
 */
public final class DynamoSubjectDirectory implements AccountDirectory {
  /** The Secrets name of the email lookup key (accounts module). */
  public static final String LOOKUP_SECRET =
      dev.privacyfirst.common.topology.AppSecrets.EMAIL_LOOKUP.name();

  private final DynamoDbClient dynamo;
  private final String table;
  private final EmailLookups lookup;
  private final PersonalDataVault vault;

  /** On the accounts table named by configuration (for the subject-rights functions). */
  public static DynamoSubjectDirectory fromConfig(
      dev.privacyfirst.common.adapter.AwsClients aws, java.time.Clock clock) {
    return new DynamoSubjectDirectory(
        aws.dynamoDb(),
        Tables.name(aws.config(), Tables.ACCOUNTS),
        new EmailLookups(
            dev.privacyfirst.common.crypto.Secrets.fromConfig(aws.config(), aws)
                .hash(LOOKUP_SECRET)),
        dev.privacyfirst.common.adapter.DynamoPersonalDataVault.fromConfig(aws, clock));
  }

  public DynamoSubjectDirectory(
      DynamoDbClient dynamo, String accountsTable, EmailLookups lookup, PersonalDataVault vault) {
    this.dynamo = dynamo;
    this.table = accountsTable;
    this.lookup = lookup;
    this.vault = vault;
  }

  /** Stripped, Unicode NFC, lower-cased: as the accounts module's EmailAddresses.normalise. */
  static String normalise(String email) {
    return Normalizer.normalize(email.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  @Override
  public String emailLookupHash(String email) {
    return lookup.hex(normalise(email));
  }

  @Override
  public Optional<String> accountIdByLookup(String lookupHash) {
    return get("EMAIL#" + lookupHash, "EMAIL")
        .map(item -> item.get("accountId"))
        .map(AttributeValue::s);
  }

  @Override
  public Optional<Filed> accountByEmail(String email) {
    for (String candidate : lookup.all(normalise(email))) {
      Optional<String> id = accountIdByLookup(candidate);
      if (id.isPresent()) {
        return Optional.of(new Filed(id.get(), candidate));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> currentEmailLookup(String accountId) {
    Optional<Map<String, AttributeValue>> account = get("ACCOUNT#" + accountId, "ACCOUNT");
    if (account.isEmpty()) {
      return Optional.empty();
    }
    // The accounts module keeps the lookup hash on the account item; older items only have the
    // sealed address, which opens only while the account's key exists.
    AttributeValue stored = account.get().get("emailLookup");
    if (stored != null && stored.s() != null) {
      return Optional.of(stored.s());
    }
    AttributeValue sealed = account.get().get("email");
    if (sealed == null || sealed.s() == null) {
      return Optional.empty();
    }
    return vault.open(accountId, "email", sealed.s()).map(this::emailLookupHash);
  }

  private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
    try {
      var item =
          dynamo
              .getItem(
                  r ->
                      r.tableName(table)
                          .key(
                              Map.of(
                                  Tables.PK, AttributeValue.fromS(pk),
                                  Tables.SK, AttributeValue.fromS(sk)))
                          .consistentRead(true))
              .item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    } catch (SdkException e) {
      throw new DependencyFailure("accounts table unavailable", e);
    }
  }
}
