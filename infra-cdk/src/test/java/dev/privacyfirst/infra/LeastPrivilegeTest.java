package dev.privacyfirst.infra;

import static dev.privacyfirst.common.topology.AppSecrets.FILES_CHUNK_KEY;
import static dev.privacyfirst.common.topology.AppSecrets.PERSONAL_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.SecretSpec;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Per function, the exact application keys, tables and data-key contexts its role allows, read from
 * the synthesized template; and every KMS permission conditioned on an encryption context.
 */
class LeastPrivilegeTest {
  private static final Set<TableSpec> CONTRACT = Set.of(Tables.RETENTION);

  /** The tables each function may use: its capability's, and only the shared ones it needs. */
  private static final Map<FunctionSpec, Set<TableSpec>> TABLES = new HashMap<>();

  /** The envelope purposes each function may generate or unwrap data keys for. */
  private static final Map<FunctionSpec, Set<String>> PURPOSES = new HashMap<>();

  /** The application keys each function may read. */
  private static final Map<FunctionSpec, Set<String>> SECRETS = new HashMap<>();

  static {
    Set<TableSpec> files =
        Set.of(Tables.FILES, Tables.CHUNKS, Tables.IDEMPOTENCY, Tables.RETENTION);
    Set<TableSpec> events = Set.of(Tables.EVENTS, Tables.DAILY_SALTS, Tables.RETENTION);
    expect(
        Functions.ACCOUNTS_API,
        Set.of(Tables.ACCOUNTS, Tables.USER_KEYS, Tables.SESSIONS, Tables.RETENTION),
        Set.of("email-lookup", "analytics-pseudonym", "sign-up-refusal-mark"),
        Set.of(PERSONAL_DATA));
    expect(
        Functions.FILES_API,
        union(files, Set.of(Tables.SESSIONS, Tables.USER_KEYS)),
        Set.of("file-digests", "chunk-ids"),
        Set.of(PERSONAL_DATA, FILES_CHUNK_KEY));
    for (FunctionSpec fn :
        List.of(
            Functions.UPLOAD_PROCESSOR,
            Functions.DOWNLOAD_MATERIALISER,
            Functions.LAWFUL_DISCLOSURE)) {
      // The disclosure function serves an IAM-authorised operator route: no session table.
      expect(
          fn,
          union(files, Set.of(Tables.USER_KEYS)),
          Set.of("file-digests", "chunk-ids"),
          Set.of(PERSONAL_DATA, FILES_CHUNK_KEY));
    }
    // The sweep removes download copies: no session, no sealed name, no key of any kind.
    expect(Functions.DOWNLOAD_SWEEP, files, Set.of(), Set.of());
    // The redrive lists the incoming bucket, reads file records and invokes the processor: no
    // session, no sealed name, no key of any kind.
    expect(Functions.UPLOAD_REDRIVE, files, Set.of(), Set.of());
    // The public ingestion function: the events lookup key only, no personal data of any kind.
    expect(Functions.TRACKING_API, events, Set.of("events-lookup"), Set.of());
    expect(Functions.EVENTS_PRIVACY_API, events, Set.of("events-lookup"), Set.of());
    expect(Functions.EVENT_PROJECTS, events, Set.of("events-lookup"), Set.of());
    // Links verify their own signatures; they send nothing and open no sealed address.
    expect(
        Functions.EMAIL_LINKS,
        Set.of(Tables.EMAIL, Tables.SESSIONS, Tables.RETENTION),
        Set.of("email-links"),
        Set.of());
    // The mailto channel reads the link token in the recipient or subject and unsubscribes, as a
    // one-click POST would: the link key and the email tables, nothing sealed.
    expect(
        Functions.INBOUND_MAIL,
        Set.of(Tables.EMAIL, Tables.RETENTION),
        Set.of("email-links"),
        Set.of());
    expect(
        Functions.SES_NOTIFICATIONS,
        Set.of(Tables.EMAIL, Tables.RETENTION),
        Set.of("email-lookup"),
        Set.of());
    for (FunctionSpec fn : List.of(Functions.CAMPAIGNS, Functions.ACCOUNT_NOTICES)) {
      expect(
          fn,
          Set.of(Tables.EMAIL, Tables.USER_KEYS, Tables.RETENTION),
          Set.of("email-links", "email-lookup", "analytics-pseudonym"),
          Set.of(PERSONAL_DATA));
    }
    for (FunctionSpec fn :
        List.of(Functions.RETENTION_PURGE, Functions.RETENTION_OPERATOR, Functions.RIGHTS_JOBS)) {
      expect(
          fn,
          Set.copyOf(Tables.ALL),
          Set.of("email-lookup", "events-lookup", "analytics-pseudonym", "receipts"),
          Set.of(PERSONAL_DATA));
    }
  }

  private static void expect(
      FunctionSpec fn, Set<TableSpec> tables, Set<String> secrets, Set<String> purposes) {
    if (fn.trigger() == FunctionSpec.Trigger.HTTP) {
      // Every function serving routes counts requests per account or project (RateLimitGrants).
      tables = union(tables, Set.of(Tables.LIMITS));
    }
    TABLES.put(fn, tables);
    SECRETS.put(fn, secrets);
    PURPOSES.put(fn, purposes);
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static Template template() {
    return SynthesizedStack.aws().template();
  }

  @Test
  void everyFunctionHasAnExpectation() {
    assertThat(TABLES.keySet()).containsExactlyInAnyOrderElementsOf(Functions.ALL);
    assertThat(CONTRACT).allMatch(t -> Tables.ALL.contains(t));
  }

  @Test
  void eachFunctionMayReadExactlyItsApplicationKeysAndTheTopologySaysTheSame() {
    for (FunctionSpec fn : Functions.ALL) {
      Set<String> fromTopology =
          AppSecrets.readableBy(fn).stream().map(SecretSpec::name).collect(Collectors.toSet());
      assertThat(fromTopology).as(fn.id()).isEqualTo(SECRETS.get(fn));
      Set<String> granted = new TreeSet<>();
      for (Map<?, ?> statement : statementsOf(fn)) {
        if (actions(statement).stream().anyMatch(a -> a.startsWith("secretsmanager:"))) {
          assertThat(actions(statement)).containsExactly("secretsmanager:GetSecretValue");
          refs(statement.get("Resource")).forEach(ref -> granted.add(secretName(ref)));
        }
      }
      assertThat(granted).as(fn.id()).isEqualTo(new TreeSet<>(SECRETS.get(fn)));
    }
  }

  @Test
  void eachFunctionMayUseExactlyItsTables() {
    for (FunctionSpec fn : Functions.ALL) {
      Set<String> granted = new TreeSet<>();
      for (Map<?, ?> statement : statementsOf(fn)) {
        if (actions(statement).stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
          refs(statement.get("Resource")).forEach(ref -> granted.add(tableId(ref)));
        }
      }
      assertThat(granted)
          .as(fn.id())
          .isEqualTo(TABLES.get(fn).stream().map(TableSpec::id).collect(toTreeSet()));
    }
  }

  @Test
  void onlyTheOperatorFunctionMayScanAndOnlyTheAccountsTable() {
    String accounts = logicalIdOf("AWS::DynamoDB::Table", "Data" + Tables.ACCOUNTS.id());
    for (FunctionSpec fn : Functions.ALL) {
      Set<String> scanned = new TreeSet<>();
      for (Map<?, ?> statement : statementsOf(fn)) {
        if (actions(statement).contains("dynamodb:Scan")) {
          assertThat(actions(statement)).as(fn.id()).containsExactly("dynamodb:Scan");
          scanned.addAll(refs(statement.get("Resource")));
        }
      }
      assertThat(scanned)
          .as(fn.id())
          .isEqualTo(fn.equals(Functions.RETENTION_OPERATOR) ? Set.of(accounts) : Set.of());
    }
  }

  @Test
  void eachFunctionUsesTheDataKeyOnlyUnderItsOwnEncryptionContexts() {
    String dataKey = logicalIdOf("AWS::KMS::Key", "DataDataKey");
    for (FunctionSpec fn : Functions.ALL) {
      Set<String> viaDynamo = new TreeSet<>();
      Set<String> viaSecrets = new TreeSet<>();
      Set<String> purposes = new TreeSet<>();
      Set<String> viaS3 = new TreeSet<>();
      for (Map<?, ?> statement : statementsOf(fn)) {
        if (actions(statement).stream().noneMatch(a -> a.startsWith("kms:"))) {
          continue;
        }
        assertThat(refs(statement.get("Resource"))).as(fn.id()).containsExactly(dataKey);
        Map<?, ?> equals = (Map<?, ?>) ((Map<?, ?>) statement.get("Condition")).get("StringEquals");
        assertThat(equals).as("%s: %s", fn.id(), statement).isNotNull();
        Object tables = equals.get("kms:EncryptionContext:aws:dynamodb:tableName");
        Object secrets = equals.get("kms:EncryptionContext:SecretARN");
        Object buckets = equals.get("kms:EncryptionContext:aws:s3:arn");
        Object purpose = equals.get("kms:EncryptionContext:" + AppSecrets.PURPOSE);
        assertThat(
                java.util.stream.Stream.of(tables, secrets, buckets, purpose)
                    .filter(java.util.Objects::nonNull)
                    .count())
            .as("%s: exactly one encryption context per statement: %s", fn.id(), statement)
            .isEqualTo(1);
        if (tables != null) {
          refs(tables).forEach(ref -> viaDynamo.add(tableId(ref)));
          assertThat(equals.get("kms:ViaService")).asString().startsWith("{Fn::Join=[, [dynamodb.");
        }
        if (secrets != null) {
          refs(secrets).forEach(ref -> viaSecrets.add(secretName(ref)));
          assertThat(actions(statement)).containsExactly("kms:Decrypt");
        }
        if (buckets != null) {
          viaS3.add(String.valueOf(buckets));
        }
        if (purpose != null) {
          (purpose instanceof List<?> l ? l : List.of(purpose))
              .forEach(p -> purposes.add(String.valueOf(p)));
        }
      }
      assertThat(viaDynamo)
          .as(fn.id())
          .isEqualTo(TABLES.get(fn).stream().map(TableSpec::id).collect(toTreeSet()));
      assertThat(viaSecrets).as(fn.id()).isEqualTo(new TreeSet<>(SECRETS.get(fn)));
      assertThat(purposes).as(fn.id()).isEqualTo(new TreeSet<>(PURPOSES.get(fn)));
      assertThat(purposes).as(fn.id()).isEqualTo(new TreeSet<>(AppSecrets.envelopePurposesOf(fn)));
      boolean usesBuckets = fn.module().equals("files") || fn.module().equals("retention");
      assertThat(viaS3.isEmpty()).as(fn.id()).isEqualTo(!usesBuckets);
    }
  }

  /**
   * The subject-rights table holds the lawful-disclosure audit: only the accounts function (the
   * requests it files), the disclosure function and the subject-rights functions may write it. The
   * public files function, like every other, may only read it.
   */
  @Test
  void onlyTheAccountsTheDisclosureAndTheSubjectRightsFunctionsMayWriteTheAuditStore() {
    Set<FunctionSpec> writers =
        Set.of(
            Functions.ACCOUNTS_API,
            Functions.LAWFUL_DISCLOSURE,
            Functions.RETENTION_PURGE,
            Functions.RETENTION_OPERATOR,
            Functions.RIGHTS_JOBS);
    String table = logicalIdOf("AWS::DynamoDB::Table", "Data" + Tables.RETENTION.id());
    Set<FunctionSpec> writing = new java.util.HashSet<>();
    for (FunctionSpec fn : Functions.ALL) {
      for (Map<?, ?> statement : statementsOf(fn)) {
        boolean onTable = refs(statement.get("Resource")).stream().anyMatch(table::equals);
        boolean writes =
            actions(statement).stream()
                .anyMatch(
                    a ->
                        a.startsWith("dynamodb:")
                            && (a.contains("Put")
                                || a.contains("Update")
                                || a.contains("Delete")
                                || a.contains("Write")
                                || a.equals("dynamodb:*")));
        if (onTable && writes) {
          writing.add(fn);
        }
      }
    }
    assertThat(writing).containsExactlyInAnyOrderElementsOf(writers);
    assertThat(writing).doesNotContain(Functions.FILES_API);
  }

  @Test
  void thePublicIngestionFunctionCanNeitherSignLinksNorComputeEmailLookups() {
    String policy = String.valueOf(statementsOf(Functions.TRACKING_API));
    for (SecretSpec secret : AppSecrets.ALL) {
      String id = logicalIdOf("AWS::SecretsManager::Secret", "DataAppKey" + pascal(secret.name()));
      assertThat(policy.contains(id))
          .as(secret.name())
          .isEqualTo(secret.equals(AppSecrets.EVENTS_LOOKUP));
    }
  }

  @Test
  void onlyTheXRayStatementHasResourceStar() {
    for (FunctionSpec fn : Functions.ALL) {
      for (Map<?, ?> statement : statementsOf(fn)) {
        Object resource = statement.get("Resource");
        boolean star = "*".equals(resource) || (resource instanceof List<?> l && l.contains("*"));
        if (star) {
          assertThat(actions(statement))
              .as(fn.id())
              .containsExactlyInAnyOrder("xray:PutTraceSegments", "xray:PutTelemetryRecords");
        }
      }
    }
  }

  @Test
  void everyApplicationKeyIsItsOwnVersionedSecretUnderTheDataKey() {
    String dataKey = logicalIdOf("AWS::KMS::Key", "DataDataKey");
    for (SecretSpec secret : AppSecrets.ALL) {
      String id = logicalIdOf("AWS::SecretsManager::Secret", "DataAppKey" + pascal(secret.name()));
      Map<?, ?> props =
          (Map<?, ?>)
              template().findResources("AWS::SecretsManager::Secret").get(id).get("Properties");
      assertThat(props.get("Name")).isEqualTo("privacyfirst/prod/keys/" + secret.name());
      assertThat(refs(props.get("KmsKeyId"))).containsExactly(dataKey);
      Map<?, ?> generate = (Map<?, ?>) props.get("GenerateSecretString");
      assertThat(generate.get("SecretStringTemplate")).isEqualTo("{\"current\":\"1\"}");
      assertThat(generate.get("GenerateStringKey")).isEqualTo("v1");
    }
    Map<?, ?> withSource =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ((Map<?, ?>)
                            template()
                                .findResources("AWS::Lambda::Function")
                                .values()
                                .iterator()
                                .next()
                                .get("Properties"))
                        .get("Environment"))
                .get("Variables");
    assertThat(withSource.get("SECRETS_SOURCE"))
        .isEqualTo("secretsmanager:privacyfirst/prod/keys/");
  }

  @Test
  void logsAndTopicsUseTheOperationsKeyAndDataNeverDoes() {
    String opsKey = logicalIdOf("AWS::KMS::Key", "DataOpsKey");
    String dataKey = logicalIdOf("AWS::KMS::Key", "DataDataKey");
    template()
        .findResources("AWS::Logs::LogGroup")
        .values()
        .forEach(g -> assertThat(refs(props(g).get("KmsKeyId"))).containsExactly(opsKey));
    template()
        .findResources("AWS::SNS::Topic")
        .values()
        .forEach(t -> assertThat(refs(props(t).get("KmsMasterKeyId"))).containsExactly(opsKey));
    String dataPolicy = String.valueOf(props(keyResource(dataKey)).get("KeyPolicy"));
    assertThat(dataPolicy)
        .doesNotContain("ses.amazonaws.com")
        .doesNotContain("logs.")
        .doesNotContain("cloudwatch.amazonaws.com");
  }

  @Test
  void servicesMayUseTheOperationsKeyOnlyForTheirTopicOrLogGroups() {
    String opsKey = logicalIdOf("AWS::KMS::Key", "DataOpsKey");
    Map<?, ?> policy = (Map<?, ?>) props(keyResource(opsKey)).get("KeyPolicy");
    int services = 0;
    for (Object o : (Collection<?>) policy.get("Statement")) {
      Map<?, ?> statement = (Map<?, ?>) o;
      Map<?, ?> principal = (Map<?, ?>) statement.get("Principal");
      if (principal.containsKey("Service")) {
        services++;
        String condition = String.valueOf(statement.get("Condition"));
        assertThat(condition)
            .as(String.valueOf(principal))
            .containsAnyOf(
                "kms:EncryptionContext:aws:sns:topicArn", "kms:EncryptionContext:aws:logs:arn");
        if (String.valueOf(principal).contains("ses.amazonaws.com")) {
          assertThat(condition).contains("aws:SourceAccount").contains("aws:sns:topicArn");
        }
      }
    }
    // logs, SES (its notifications topic and the inbound unsubscribe mail topic), CloudWatch alarms
    assertThat(services).isEqualTo(4);
  }

  @Test
  void eachRoleWildcardSuppressionNamesOnlyWhatThatRoleIsGranted() {
    Map<String, Map<String, Object>> roles = template().findResources("AWS::IAM::Role");
    for (FunctionSpec fn : Functions.ALL) {
      Map<String, Object> role =
          roles.entrySet().stream()
              .filter(e -> e.getKey().matches(".*" + fn.id() + "Role[0-9A-F]{8}"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElseThrow();
      String suppressions = String.valueOf(role.get("Metadata"));
      for (TableSpec table : Tables.ALL) {
        if (!table.indexes().isEmpty()) {
          assertThat(suppressions.contains("Data" + table.id() + "[0-9A-F]"))
              .as("%s suppression for %s", fn.id(), table.id())
              .isEqualTo(TABLES.get(fn).contains(table));
        }
      }
      assertThat(suppressions).contains(NagSuppressionsOfTheStack.XRAY_REASON);
    }
  }

  // --- template reading ---

  private static java.util.stream.Collector<String, ?, TreeSet<String>> toTreeSet() {
    return Collectors.toCollection(TreeSet::new);
  }

  private static Map<?, ?> props(Map<?, ?> resource) {
    return (Map<?, ?>) resource.get("Properties");
  }

  private static Map<?, ?> keyResource(String logicalId) {
    return template().findResources("AWS::KMS::Key").get(logicalId);
  }

  private static String logicalIdOf(String type, String prefix) {
    return template().findResources(type).keySet().stream()
        .filter(id -> id.matches(prefix + "[0-9A-F]{8}"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " named " + prefix));
  }

  private static String pascal(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("-")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  private static String tableId(String logicalId) {
    return Tables.ALL.stream()
        .map(TableSpec::id)
        .filter(id -> logicalId.matches("Data" + id + "[0-9A-F]{8}"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("not a table: " + logicalId));
  }

  private static String secretName(String logicalId) {
    return AppSecrets.ALL.stream()
        .map(SecretSpec::name)
        .filter(name -> logicalId.matches("DataAppKey" + pascal(name) + "[0-9A-F]{8}"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("not an application key: " + logicalId));
  }

  private static List<Map<?, ?>> statementsOf(FunctionSpec fn) {
    List<Map<?, ?>> statements = new ArrayList<>();
    // A large role's statements continue in overflow managed policies.
    for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
      template().findResources(type).entrySet().stream()
          .filter(
              e ->
                  e.getKey()
                      .matches(
                          ".*" + fn.id() + "Role(DefaultPolicy|OverflowPolicy[0-9]+)[0-9A-F]{8}"))
          .forEach(
              e -> {
                Map<?, ?> document = (Map<?, ?>) props(e.getValue()).get("PolicyDocument");
                ((Collection<?>) document.get("Statement"))
                    .forEach(s -> statements.add((Map<?, ?>) s));
              });
    }
    assertThat(statements).as(fn.id()).isNotEmpty();
    return statements;
  }

  private static List<String> actions(Map<?, ?> statement) {
    Object actions = statement.get("Action");
    return (actions instanceof List<?> l ? l : List.of(actions))
        .stream().map(String::valueOf).toList();
  }

  /** Logical ids a JSON value refers to, through Ref and Fn::GetAtt. */
  private static Set<String> refs(Object value) {
    Set<String> out = new LinkedHashSet<>();
    collect(value, out);
    return out;
  }

  private static void collect(Object value, Set<String> out) {
    if (value instanceof Map<?, ?> map) {
      if (map.containsKey("Ref") && !String.valueOf(map.get("Ref")).startsWith("AWS::")) {
        out.add(String.valueOf(map.get("Ref")));
      }
      if (map.get("Fn::GetAtt") instanceof List<?> getAtt) {
        out.add(String.valueOf(getAtt.get(0)));
      }
      map.values().forEach(v -> collect(v, out));
    } else if (value instanceof Collection<?> list) {
      list.forEach(v -> collect(v, out));
    }
  }
}
