package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.n;
import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.PART;
import static dev.privacyfirst.events.adapter.EventsTable.PREFS;
import static dev.privacyfirst.events.adapter.EventsTable.SHARDS;

import dev.privacyfirst.common.adapter.DynamoPaging;
import dev.privacyfirst.common.adapter.PassCursors;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import dev.privacyfirst.events.domain.Project;
import dev.privacyfirst.rights.domain.Budget;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The re-key pass of the {@code events-lookup} key (an operator action, run by the subject-rights
 * operator function through this capability: only it knows its table's layout): moves every
 * partition made under an older key version (a distinct_id's events, profile, preferences and index
 * markers; a group's profile) into its partition under the current version, so that an older
 * version can be retired.
 *
 * <p>Partitions are found as project erasure finds them, through each project's partition markers
 * in GSI1 ({@code P#<project>#PARTS#<shard>}), never by a scan; a partition's version is in its key
 * ({@code k<n>.}, untagged: version 1). Whose a partition is comes from the distinct_id its items
 * carry (events, profile properties, preferences written since they record it), checked by hashing
 * it again under the partition's version. Each partition moves page by page ({@link
 * PartitionMove}): copy, then delete, its marker last; an interrupted move leaves the rest readable
 * by the dual lookup and is repeated from the start (every copy is idempotent). The cursor ({@code
 * <project> <shard> <last partition>}) is saved in {@code pk=REKEY#events-lookup sk=PROGRESS} after
 * every page of partitions and whenever the budget runs out (the partition under way is then moved
 * again from what is left); a new current version starts a new round.
 *
 * <p>What it cannot move is counted, not guessed: a partition whose only personal item is an
 * opt-out naming no distinct_id (recorded before opt-outs named it, or kept after the distinct_id's
 * erasure, which forgets the name; the person's next choice names it) and a project whose secret
 * lookup was made under an older version (a secret is one-way: it is re-keyed when a request
 * presents it, or replaced by the operator's {@code newSecret}). The older lookup a re-key keeps
 * for containers that had not seen the rotation is removed here. An older version may be retired
 * only when a finished round counted none (retiring it forgets those opt-outs and secrets).
 */
public final class EventsLookupRekeyPass {
  static final int PAGE = 25;
  private static final Map<String, AttributeValue> PROGRESS =
      Map.of("pk", s("REKEY#events-lookup"), "sk", s("PROGRESS"));

  private final EventsTable table;
  private final DynamoProjectStore projects;
  private final PartitionMove move;
  private final int pageSize;
  private final Clock clock;

  public EventsLookupRekeyPass(EventsTable table, DynamoProjectStore projects, Clock clock) {
    this(table, projects, PAGE, clock);
  }

  /** With a smaller page of partitions (tests: a few partitions over several pages). */
  EventsLookupRekeyPass(EventsTable table, DynamoProjectStore projects, int pageSize, Clock clock) {
    this.table = table;
    this.projects = projects;
    this.move = new PartitionMove(table);
    this.pageSize = pageSize;
    this.clock = clock;
  }

  /**
   * @param version the key version this round moves partitions to
   * @param partitionsRead partitions listed in this round (every version)
   * @param partitionsMoved partitions of an older version moved to the current one
   * @param itemsMoved items copied to their current partition and deleted from the older one
   * @param unattributable partitions of an older version left where they are: their only personal
   *     item is an opt-out that names no distinct_id
   * @param secretsUnderOlderVersions projects whose secret lookup was made under an older version
   * @param finished the round read every project's partitions
   */
  public record Report(
      int version,
      long partitionsRead,
      long partitionsMoved,
      long itemsMoved,
      long unattributable,
      long secretsUnderOlderVersions,
      boolean finished) {
    /** What keeps an older version from being retired. */
    public long leftUnderOlderVersions() {
      return unattributable + secretsUnderOlderVersions;
    }
  }

  private record State(
      int version,
      String project,
      int shard,
      String afterPk,
      boolean done,
      long read,
      long moved,
      long items,
      long unattributable,
      long secrets) {
    Report report() {
      return new Report(version, read, moved, items, unattributable, secrets, done);
    }

    State at(String project, int shard, String afterPk) {
      return new State(
          version, project, shard, afterPk, false, read, moved, items, unattributable, secrets);
    }
  }

  public Report run(Budget budget) {
    int version = table.partitionHash.currentVersion();
    State state = load().orElse(null);
    if (state == null
        || state.version() != version
        || (state.done() && state.report().leftUnderOlderVersions() > 0)) {
      state = new State(version, "", 0, "", false, 0, 0, 0, 0, 0);
    }
    if (state.done()) {
      return state.report();
    }
    List<String> ids =
        projects.list().stream().map(Project::id).sorted(Comparator.naturalOrder()).toList();
    eachProject:
    for (String projectId : ids) {
      if (projectId.compareTo(state.project()) < 0) {
        continue;
      }
      if (!projectId.equals(state.project())) {
        state = state.at(projectId, 0, "");
      }
      if (state.shard() == 0 && state.afterPk().isEmpty()) {
        if (!budget.take()) {
          save(state);
          return state.report();
        }
        // Every container has seen the rotation (the procedure's step 2): a secret re-keyed when
        // presented no longer needs its older lookup.
        long retired = projects.retirePreviousSecret(projectId) ? 1 : 0;
        state = plus(state, 0, 0, retired, 0, secretUnderOlderVersion(projectId, version) ? 1 : 0);
      }
      while (state.shard() < SHARDS) {
        if (!budget.take()) {
          save(state);
          return state.report();
        }
        List<Map<String, AttributeValue>> page =
            table.partitionsAfter(projectId, state.shard(), state.afterPk(), pageSize);
        for (Map<String, AttributeValue> marker : page) {
          String pk = marker.get("pk").s();
          if (EventsTable.versionOf(pk) < version && projects.byId(projectId).isEmpty()) {
            // Being erased since the round began: nothing of it is moved (a partition made now
            // could escape its erasure, which walks the partition index once).
            continue eachProject;
          }
          if (EventsTable.versionOf(pk) < version) {
            Optional<Moved> moved = movePartition(projectId, pk, version, budget);
            if (moved.isEmpty()) {
              save(state);
              return state.report();
            }
            Outcome outcome = moved.get().outcome();
            state =
                plus(
                    state,
                    1,
                    outcome == Outcome.MOVED ? 1 : 0,
                    moved.get().items(),
                    outcome == Outcome.UNATTRIBUTABLE ? 1 : 0,
                    0);
          } else {
            state = plus(state, 1, 0, 0, 0, 0);
          }
          state = state.at(projectId, state.shard(), pk);
        }
        if (page.size() < pageSize) {
          state = state.at(projectId, state.shard() + 1, "");
        }
        save(state);
      }
    }
    state =
        new State(
            version,
            "",
            0,
            "",
            true,
            state.read(),
            state.moved(),
            state.items(),
            state.unattributable(),
            state.secrets());
    save(state);
    return state.report();
  }

  private enum Outcome {
    MOVED,
    EMPTIED,
    UNATTRIBUTABLE
  }

  private record Moved(Outcome outcome, long items) {}

  /**
   * Moves one partition of an older version; empty when the budget ran out first (the partition is
   * moved again, from what is left, by the next run).
   */
  private Optional<Moved> movePartition(String projectId, String pk, int version, Budget budget) {
    long items = 0;
    Optional<Owner> owner = owner(projectId, pk, version);
    if (owner.isEmpty() && holdsPersonalData(pk)) {
      return Optional.of(new Moved(Outcome.UNATTRIBUTABLE, 0));
    }
    String to = owner.map(Owner::currentPartition).orElse(null);
    String label = owner.map(Owner::label).orElse(null);
    boolean held = owner.map(Owner::held).orElse(false);
    while (true) {
      if (!budget.take()) {
        return Optional.empty();
      }
      PartitionMove.Step step =
          to == null ? emptyStep(pk) : move.step(projectId, pk, to, label, held);
      items += step.moved();
      if (step.done()) {
        return Optional.of(new Moved(owner.isEmpty() ? Outcome.EMPTIED : Outcome.MOVED, items));
      }
    }
  }

  /** A partition with nothing personal left (index markers only): its markers go, marker last. */
  private PartitionMove.Step emptyStep(String pk) {
    List<Map<String, AttributeValue>> keys =
        move.items(pk, PAGE + 1).stream()
            .filter(item -> !PART.equals(item.get("sk").s()))
            .limit(PAGE)
            .map(EventsTable::key)
            .toList();
    if (keys.isEmpty()) {
      table.writer.delete(List.of(Map.of("pk", s(pk), "sk", s(PART))));
      return new PartitionMove.Step(0, true);
    }
    table.writer.delete(keys);
    return new PartitionMove.Step(0, false);
  }

  /** Whose partition it is, and where it goes. */
  private record Owner(String label, String currentPartition, boolean held) {}

  /**
   * The distinct_id (or group) a partition of an older version is keyed by: named by one of its
   * items, and confirmed by hashing it again under the partition's version (a group's label {@code
   * <key>/<id>} is split where the hash confirms it).
   */
  private Optional<Owner> owner(String projectId, String pk, int current) {
    int version = EventsTable.versionOf(pk);
    if (table.partitionHash.version(version).isEmpty()) {
      return Optional.empty();
    }
    for (Map<String, AttributeValue> item : named(pk)) {
      String label = item.get("distinctId").s();
      if (pk.contains("#D#")) {
        if (table.partition(projectId, label, version).equals(pk)) {
          return Optional.of(
              new Owner(
                  label, table.partition(projectId, label, current), table.held(projectId, label)));
        }
        continue;
      }
      for (int cut = label.indexOf('/'); cut >= 0; cut = label.indexOf('/', cut + 1)) {
        String key = label.substring(0, cut);
        String id = label.substring(cut + 1);
        if (table.groupPartition(projectId, key, id, version).equals(pk)) {
          return Optional.of(
              new Owner(
                  label,
                  table.groupPartition(projectId, key, id, current),
                  table.holds.project(projectId)));
        }
      }
    }
    return Optional.empty();
  }

  /** A few of the partition's items that name their distinct_id. */
  private List<Map<String, AttributeValue>> named(String pk) {
    return DynamoPaging.query(
        table.dynamo,
        QueryRequest.builder()
            .tableName(table.name)
            .consistentRead(true)
            .keyConditionExpression("pk = :pk")
            .filterExpression("attribute_exists(distinctId)")
            .projectionExpression("pk, sk, distinctId")
            .expressionAttributeValues(Map.of(":pk", s(pk)))
            .limit(100)
            .build(),
        3,
        "could not read a partition");
  }

  /** Whether a partition keeps anything but index markers. */
  private boolean holdsPersonalData(String pk) {
    return move.items(pk, Integer.MAX_VALUE).stream()
        .map(item -> item.get("sk").s())
        .anyMatch(sk -> sk.equals(PREFS) || sk.startsWith("E#") || sk.startsWith("PROF#"));
  }

  /** Whether the project's secret lookup was made under an older version than the current one. */
  private boolean secretUnderOlderVersion(String projectId, int current) {
    if (current == 1) {
      return false;
    }
    try {
      var meta =
          table.dynamo.getItem(
              b ->
                  b.tableName(table.name)
                      .key(Map.of("pk", s("PROJECT#" + projectId), "sk", s("META")))
                      .consistentRead(true));
      if (!meta.hasItem() || meta.item().isEmpty() || meta.item().containsKey("erasing")) {
        return false;
      }
      AttributeValue version = meta.item().get(DynamoProjectStore.SECRET_KEY_VERSION);
      // Recorded since lookups are re-keyed; before, every secret was made under version 1.
      return version == null || Integer.parseInt(version.n()) < current;
    } catch (SdkException e) {
      throw new DependencyFailure("could not read the project", e);
    }
  }

  private static State plus(
      State s, long read, long moved, long items, long unattributable, long secrets) {
    return new State(
        s.version(),
        s.project(),
        s.shard(),
        s.afterPk(),
        s.done(),
        s.read() + read,
        s.moved() + moved,
        s.items() + items,
        s.unattributable() + unattributable,
        s.secrets() + secrets);
  }

  private Optional<State> load() {
    try {
      var item =
          table.dynamo.getItem(b -> b.tableName(table.name).key(PROGRESS).consistentRead(true));
      if (!item.hasItem() || item.item().isEmpty()) {
        return Optional.empty();
      }
      Map<String, AttributeValue> i = item.item();
      return Optional.of(
          new State(
              Integer.parseInt(i.get("version").n()),
              i.containsKey("project") ? i.get("project").s() : "",
              Integer.parseInt(i.get("shard").n()),
              i.containsKey("afterPk") ? i.get("afterPk").s() : "",
              i.get("done").bool(),
              num(i, "read"),
              num(i, "moved"),
              num(i, "items"),
              num(i, "unattributable"),
              num(i, "secrets")));
    } catch (SdkException e) {
      throw new DependencyFailure("could not read the re-key progress", e);
    }
  }

  private static long num(Map<String, AttributeValue> item, String name) {
    return Long.parseLong(item.get(name).n());
  }

  private void save(State state) {
    Map<String, AttributeValue> item = new HashMap<>(PROGRESS);
    item.put("version", n(state.version()));
    if (!state.project().isEmpty()) {
      item.put("project", s(state.project()));
    }
    item.put("shard", n(state.shard()));
    if (!state.afterPk().isEmpty()) {
      item.put("afterPk", s(state.afterPk()));
    }
    if (!state.done()) {
      // Its position may be a distinct_id's partition deleted since: it expires (PassCursors).
      item.put(Tables.EXPIRES_AT, PassCursors.expiresAt(clock));
    }
    item.put("done", Attr.bool(state.done()));
    item.put("read", n(state.read()));
    item.put("moved", n(state.moved()));
    item.put("items", n(state.items()));
    item.put("unattributable", n(state.unattributable()));
    item.put("secrets", n(state.secrets()));
    try {
      table.dynamo.putItem(b -> b.tableName(table.name).item(item));
    } catch (SdkException e) {
      throw new DependencyFailure("could not save the re-key progress", e);
    }
  }
}
