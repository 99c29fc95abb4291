package dev.privacyfirst.accounts.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.domain.AccountService;
import dev.privacyfirst.accounts.domain.AccountService.Verification;
import dev.privacyfirst.accounts.domain.CredentialService.EmailChangeRequest;
import dev.privacyfirst.accounts.domain.CredentialService.EmailChangeResult;
import dev.privacyfirst.accounts.domain.EmailLookups;
import dev.privacyfirst.accounts.domain.SessionService.Credentials;
import dev.privacyfirst.accounts.domain.SignInResult;
import dev.privacyfirst.accounts.domain.SignUpResult;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DynamoPersonalDataVault;
import dev.privacyfirst.common.adapter.PassCursors;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.crypto.FileSecrets;
import dev.privacyfirst.common.crypto.VersionedHash;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.emulators.SharedEmulators;
import dev.privacyfirst.rights.adapter.RightsContract;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ExportJobs;
import dev.privacyfirst.rights.domain.Notice;
import dev.privacyfirst.testkit.MutableClock;
import dev.privacyfirst.testkit.OwnTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code email-lookup} key rotates with accounts still signing in (the dual lookup), an address
 * stays unique across key versions even against a container that has not seen the rotation, and the
 * re-key pass files every account under the current version so the old one can be retired (DynamoDB
 * Local, a key folder of the test's own).
 */
@Tag("emulators")
class EmailLookupKeyRotationTest {
  private static final String PASSWORD = "violet-kettle-harbour-58";
  private static final Pattern VERIFY = Pattern.compile("verify\\?t=([A-Za-z0-9_-]{43})");
  private static final Pattern CHANGE = Pattern.compile("t=([A-Za-z0-9_-]{43})");

  @TempDir Path keys;
  private Config config;
  private DynamoDbClient dynamo;
  private AwsClients aws;
  private String table;
  private final MutableClock clock = new MutableClock(Instant.parse("2099-05-01T09:00:00Z"));
  private final List<Map.Entry<String, Notice>> notices = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    var emulators = SharedEmulators.get();
    Map<String, String> settings = new HashMap<>(SharedEmulators.settings());
    settings.put(EnvVars.SECRETS_SOURCE, "file:" + keys.resolve("secrets"));
    settings.put("ARGON2_MEMORY_KIB", "8192");
    settings.put("ARGON2_ITERATIONS", "1");
    settings.put("ARGON2_PARALLELISM", "1");
    dynamo = emulators.dynamoDb();
    // An accounts table of this test's own: the pass reads a whole table, and the accounts of
    // other tests are keyed with other key folders.
    table = OwnTables.like(dynamo, Tables.ACCOUNTS);
    settings.put(Tables.ACCOUNTS.envVar(), table);
    config = Config.of(settings);
    aws = new AwsClients(config);
  }

  @AfterEach
  void dropTable() {
    dynamo.deleteTable(r -> r.tableName(table));
  }

  /** A function container: it reads the key's versions on first use and keeps them. */
  private AccountsWiring container() {
    AwsClients containerClients = new AwsClients(config);
    RightsContract contract = RightsContract.fromConfig(containerClients);
    return AccountsWiring.create(
        config,
        clock,
        null,
        containerClients,
        contract,
        (accountId, notice) -> notices.add(Map.entry(accountId, notice)),
        new ExportJobs(contract.exportJobStore(), ExportJobs.JobTrigger.NONE));
  }

  private EmailLookupRekeyPass pass() {
    return AccountsWiring.emailLookupRekey(aws, clock);
  }

  /** Pages of two items, so that three accounts take several invocations. */
  private EmailLookupRekeyPass smallPages() {
    return new EmailLookupRekeyPass(
        dynamo, table, lookups(), DynamoPersonalDataVault.fromConfig(aws, clock), 2, clock);
  }

  private void rotate() {
    new FileSecrets(keys.resolve("secrets")).rotate("email-lookup");
  }

  private void retireVersionOne() throws Exception {
    Files.delete(keys.resolve("secrets").resolve("email-lookup.key"));
  }

  private static String address() {
    return "rekey-" + UUID.randomUUID().toString().substring(0, 12) + "@example.org";
  }

  /** Signs up (the mailed link not followed yet): the verification token. */
  private String signUp(AccountsWiring container, String address) {
    int before = notices.size();
    assertThat(
            container.accounts().signUp(new AccountService.SignUp(address, PASSWORD, "1990-04-12")))
        .isInstanceOf(SignUpResult.Accepted.class);
    for (var sent : notices.subList(before, notices.size())) {
      if (sent.getValue().category().equals("address-verification")) {
        Matcher m = VERIFY.matcher(String.join(" ", sent.getValue().paragraphs()));
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    throw new AssertionError("no verification mail");
  }

  private String signUpAndVerify(AccountsWiring container, String address) {
    return ((Verification.Verified) container.accounts().verify(signUp(container, address)))
        .accountId();
  }

  private Optional<String> signIn(AccountsWiring container, String address) {
    SignInResult result = container.sessions().signIn(new Credentials(address, PASSWORD));
    return result instanceof SignInResult.SignedIn s
        ? Optional.of(s.accountId())
        : Optional.empty();
  }

  private String storedLookup(String accountId) {
    return dynamo
        .getItem(
            r ->
                r.tableName(table)
                    .key(DynamoAccountRepository.accountKey(accountId))
                    .consistentRead(true))
        .item()
        .get("emailLookup")
        .s();
  }

  private Optional<String> holderOf(String lookup) {
    var item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(DynamoAccountRepository.emailKey(lookup))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(item.get("accountId").s());
  }

  private EmailLookups lookups() {
    return new EmailLookups(new FileSecrets(keys.resolve("secrets")).hash("email-lookup"));
  }

  private EmailLookupRekeyPass.Report runToTheEnd(EmailLookupRekeyPass pass, int unitsPerRun) {
    EmailLookupRekeyPass.Report report;
    int runs = 0;
    do {
      report = pass.run(Budget.ofUnits(unitsPerRun));
    } while (!report.finished() && ++runs < 100_000);
    return report;
  }

  @Test
  void anAccountFiledUnderTheOldVersionSignsInAfterRotationAndAfterThePassWithTheOldVersionRetired()
      throws Exception {
    String address = address();
    String id = signUpAndVerify(container(), address);
    String before = storedLookup(id);
    assertThat(VersionedHash.versionOf(before)).isEqualTo(1);

    rotate();
    AccountsWiring rotated = container();

    assertThat(signIn(rotated, address)).contains(id);
    assertThat(storedLookup(id)).isEqualTo(before);

    EmailLookupRekeyPass.Report report = runToTheEnd(pass(), 1_000);

    assertThat(report.finished()).isTrue();
    assertThat(report.version()).isEqualTo(2);
    String after = storedLookup(id);
    assertThat(after).startsWith("k2.").isEqualTo(lookups().hex(address));
    assertThat(holderOf(after)).contains(id);
    assertThat(holderOf(before)).isEmpty();

    retireVersionOne();
    AccountsWiring retired = container();
    assertThat(signIn(retired, address)).contains(id);
    assertThat(retired.sessions().signIn(new Credentials(address, "wrong-password-00")))
        .isInstanceOf(SignInResult.InvalidCredentials.class);
  }

  @Test
  void anAddressFiledUnderTheOldVersionCannotBeTakenAgainUnderTheNewOne() {
    String address = address();
    String owner = signUpAndVerify(container(), address);
    rotate();
    AccountsWiring rotated = container();

    // A second sign-up is accepted as ever (it reveals nothing) but opens nothing: the owner is
    // told instead, as before the rotation.
    int before = notices.size();
    assertThat(
            rotated.accounts().signUp(new AccountService.SignUp(address, PASSWORD, "1990-04-12")))
        .isInstanceOf(SignUpResult.Accepted.class);
    var sent = List.copyOf(notices.subList(before, notices.size()));
    assertThat(sent).isNotEmpty().allMatch(n -> n.getKey().equals(owner));
    assertThat(signIn(rotated, address)).contains(owner);
    assertThat(holderOf(lookups().hex(address))).isEmpty();
  }

  @Test
  void aStaleContainerCannotFileAnAddressAlreadyTakenUnderTheNewVersion() {
    AccountsWiring stale = container();
    String address = address();
    String staleToken = signUp(stale, address); // the stale container has now read version 1
    rotate();
    AccountsWiring aware = container();
    String awareToken = signUp(aware, address);

    String winner = ((Verification.Verified) aware.accounts().verify(awareToken)).accountId();
    Verification loser = stale.accounts().verify(staleToken);

    assertThat(loser).isInstanceOf(Verification.AddressTaken.class);
    assertThat(storedLookup(winner)).startsWith("k2.");
    // The aware container guarded the address's version-1 lookup for the same account.
    assertThat(holderOf(lookups().older(address).get(0))).contains(winner);
    assertThat(signIn(aware, address)).contains(winner);
    assertThat(signIn(stale, address)).contains(winner);
  }

  @Test
  void anAddressTakenByAStaleContainerFirstCannotBeTakenUnderTheNewVersion() {
    AccountsWiring stale = container();
    String address = address();
    String staleToken = signUp(stale, address);
    rotate();
    AccountsWiring aware = container();
    String awareToken = signUp(aware, address);

    String winner = ((Verification.Verified) stale.accounts().verify(staleToken)).accountId();
    Verification loser = aware.accounts().verify(awareToken);

    assertThat(loser).isInstanceOf(Verification.AddressTaken.class);
    assertThat(signIn(aware, address)).contains(winner);
  }

  @Test
  void racingVerificationsInAStaleAndAnAwareContainerOpenExactlyOneAccount() throws Exception {
    AccountsWiring stale = container();
    stale.accounts().signUp(new AccountService.SignUp(address(), PASSWORD, "1990-04-12"));
    rotate();
    AccountsWiring aware = container();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 6; round++) {
        String address = address();
        String staleToken = signUp(stale, address);
        String awareToken = signUp(aware, address);
        CountDownLatch go = new CountDownLatch(1);
        Future<Verification> a =
            pool.submit(
                () -> {
                  go.await();
                  return stale.accounts().verify(staleToken);
                });
        Future<Verification> b =
            pool.submit(
                () -> {
                  go.await();
                  return aware.accounts().verify(awareToken);
                });
        go.countDown();
        List<Verification> outcomes = List.of(a.get(), b.get());
        assertThat(outcomes.stream().filter(Verification.Verified.class::isInstance).count())
            .as("round %d: %s", round, outcomes)
            .isEqualTo(1);
        assertThat(outcomes).anyMatch(Verification.AddressTaken.class::isInstance);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAddressChangeAfterRotationFilesTheNewAddressUnderTheNewVersionAndThePassRemovesGuards() {
    String address = address();
    String id = signUpAndVerify(container(), address);
    rotate();
    AccountsWiring rotated = container();
    String next = address();

    assertThat(rotated.credentials().requestEmailChange(id, PASSWORD, address))
        .isInstanceOf(EmailChangeRequest.SameAddress.class);
    assertThat(rotated.credentials().requestEmailChange(id, PASSWORD, next))
        .isInstanceOf(EmailChangeRequest.Requested.class);
    String token = latestChangeToken(id);
    assertThat(rotated.credentials().confirmEmailChange(token))
        .isInstanceOf(EmailChangeResult.Moved.class);

    String filed = storedLookup(id);
    assertThat(filed).isEqualTo(lookups().hex(next)).startsWith("k2.");
    String guard = lookups().older(next).get(0);
    assertThat(holderOf(guard)).contains(id);
    assertThat(signIn(rotated, next)).contains(id);
    assertThat(signIn(rotated, address)).isEmpty();

    EmailLookupRekeyPass.Report report = runToTheEnd(pass(), 1_000);

    assertThat(report.finished()).isTrue();
    assertThat(report.removed()).isGreaterThanOrEqualTo(1);
    assertThat(holderOf(guard)).isEmpty();
    assertThat(holderOf(filed)).contains(id);
  }

  private String latestChangeToken(String accountId) {
    String token = null;
    for (var sent : notices) {
      if (sent.getKey().equals(accountId)) {
        Matcher m = CHANGE.matcher(String.join(" ", sent.getValue().paragraphs()));
        if (m.find() && sent.getValue().subject().equals("Confirm your new address")) {
          token = m.group(1);
        }
      }
    }
    assertThat(token).as("no address-change mail").isNotNull();
    return token;
  }

  @Test
  void thePassContinuesWhereItsBudgetStoppedItAndTwoPassesAtOnceAgree() throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    AccountsWiring before = container();
    for (int i = 0; i < 3; i++) {
      addresses.add(address());
      ids.add(signUpAndVerify(before, addresses.get(i)));
    }
    rotate();

    EmailLookupRekeyPass.Report first = smallPages().run(Budget.ofUnits(1));
    assertThat(first.finished()).isFalse();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<EmailLookupRekeyPass.Report> a = pool.submit(() -> runToTheEnd(smallPages(), 2));
      Future<EmailLookupRekeyPass.Report> b = pool.submit(() -> runToTheEnd(smallPages(), 2));
      assertThat(a.get().finished()).isTrue();
      assertThat(b.get().finished()).isTrue();
    } finally {
      pool.shutdownNow();
    }

    for (int i = 0; i < ids.size(); i++) {
      assertThat(storedLookup(ids.get(i))).isEqualTo(lookups().hex(addresses.get(i)));
      assertThat(holderOf(lookups().older(addresses.get(i)).get(0))).isEmpty();
    }
    // Finished means finished: another run changes nothing.
    EmailLookupRekeyPass.Report again = smallPages().run(Budget.ofUnits(1));
    assertThat(again.finished()).isTrue();
    assertThat(again.conflicts()).isZero();
  }

  @Test
  void anInterruptedPassesPositionExpiresAndAFinishedPassKeepsNone() {
    AccountsWiring before = container();
    for (int i = 0; i < 3; i++) {
      signUpAndVerify(before, address());
    }
    rotate();

    assertThat(smallPages().run(Budget.ofUnits(1)).finished()).isFalse();
    Map<String, AttributeValue> interrupted = progress();
    // The position may name an account erased since: TTL removes it within PassCursors.LIFETIME.
    assertThat(interrupted).containsKey("cursor");
    assertThat(interrupted.get(Tables.EXPIRES_AT).n())
        .isEqualTo(Long.toString(clock.instant().plus(PassCursors.LIFETIME).getEpochSecond()));

    runToTheEnd(smallPages(), 2);
    assertThat(progress()).doesNotContainKeys("cursor", Tables.EXPIRES_AT);
  }

  private Map<String, AttributeValue> progress() {
    return dynamo
        .getItem(
            r ->
                r.tableName(table)
                    .key(
                        Map.of(
                            Tables.PK, AttributeValue.fromS("REKEY#email-lookup"),
                            Tables.SK, AttributeValue.fromS("PROGRESS"))))
        .item();
  }

  @Test
  void erasingAnAccountRemovesItsLookupsUnderEveryVersionSoTheAddressIsFreeAgain() {
    String address = address();
    rotate();
    AccountsWiring rotated = container();
    String id = signUpAndVerify(rotated, address);
    String guard = lookups().older(address).get(0);
    assertThat(holderOf(guard)).contains(id);

    new AccountItemsErasureStep(dynamo, table)
        .erase(
            dev.privacyfirst.rights.domain.Subject.account(id).withEmailLookup(storedLookup(id)),
            clock.instant(),
            Budget.unlimited());

    assertThat(holderOf(guard)).isEmpty();
    assertThat(holderOf(lookups().hex(address))).isEmpty();
    String again = signUpAndVerify(container(), address);
    assertThat(again).isNotEqualTo(id);
  }

  @Test
  void theAccountDirectoryFindsAnAccountUnderEitherVersion() {
    String address = address();
    String id = signUpAndVerify(container(), address);
    rotate();
    var directory =
        new DynamoSubjectDirectory(
            dynamo, table, lookups(), DynamoPersonalDataVault.fromConfig(aws, clock));

    var found = directory.accountByEmail(address.toUpperCase(java.util.Locale.ROOT));

    assertThat(found).map(f -> f.accountId()).contains(id);
    assertThat(found).map(f -> f.lookupHash()).contains(storedLookup(id));
    assertThat(directory.emailLookupHash(address)).startsWith("k2.");
  }
}
