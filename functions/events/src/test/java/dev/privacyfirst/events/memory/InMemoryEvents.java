package dev.privacyfirst.events.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.Json;
import dev.privacyfirst.events.domain.AggregateStore;
import dev.privacyfirst.events.domain.DeleteProgress;
import dev.privacyfirst.events.domain.DeletionTask;
import dev.privacyfirst.events.domain.DeletionTaskStore;
import dev.privacyfirst.events.domain.DistinctIdData;
import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.ExpiredEvents;
import dev.privacyfirst.events.domain.ExportPage;
import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.OptOutStore;
import dev.privacyfirst.events.domain.ProfileOp;
import dev.privacyfirst.events.domain.ProfileStore;
import dev.privacyfirst.events.domain.ProjectEvents;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.events.domain.TrackingPreferences;
import dev.privacyfirst.events.domain.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The events table's ports in memory, for the domain's unit tests: one shared state, one object per
 * port ({@link #events()}, {@link #optOuts()}, ...). They pass the same contract tests as the
 * DynamoDB adapters ({@code *ContractTest}); the storage limits are DynamoDB's, applied as the
 * adapters' own check applies them (an item of at most 400 KB, a sort key of at most 1024 bytes).
 */
public final class InMemoryEvents {
  private static final int MAX_ITEM = 400 * 1024;
  private static final int MAX_SORT_KEY = 1024;

  /** A distinct_id (or a group) in a project. */
  private record Who(String projectId, String id) {}

  private record Prefs(boolean tracking, boolean sharing) {}

  private final Map<Who, TreeMap<String, StoredEvent>> events = new HashMap<>();
  private final Map<Who, Map<String, JsonNode>> profiles = new HashMap<>();
  private final Map<Who, Prefs> prefs = new HashMap<>();
  private final Map<String, Map<String, Long>> aggregates = new HashMap<>();
  private final Map<String, DeletionTask> tasks = new LinkedHashMap<>();

  private static String sortKey(StoredEvent e) {
    return String.format(java.util.Locale.ROOT, "%013d#%s", e.timeMs(), e.dedupKey());
  }

  private static Who group(String projectId, String groupKey, String groupId) {
    return new Who(projectId, "group\u0000" + groupKey + "\u0000" + groupId);
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  public EventStore events() {
    return new EventStore() {
      @Override
      public void putEvents(List<StoredEvent> list) {
        list.forEach(InMemoryEvents.this::put);
      }

      @Override
      public Stored storeUnlessOptedOut(String projectId, List<StoredEvent> list) {
        Set<String> optedOut = new HashSet<>();
        Map<Integer, Violation> refused = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
          StoredEvent e = list.get(i);
          if (utf8(e.propertiesJson()) + 200 > MAX_ITEM) {
            refused.put(i, new Violation("properties", "The event cannot be stored: too large"));
          } else if (trackingOptedOut(new Who(projectId, e.distinctId()))) {
            optedOut.add(e.distinctId());
          } else {
            put(e);
          }
        }
        return new Stored(optedOut, refused);
      }
    };
  }

  private synchronized void put(StoredEvent e) {
    events
        .computeIfAbsent(new Who(e.projectId(), e.distinctId()), k -> new TreeMap<>())
        .put(sortKey(e), e);
  }

  private synchronized boolean trackingOptedOut(Who who) {
    Prefs p = prefs.get(who);
    return p != null && p.tracking();
  }

  public OptOutStore optOuts() {
    return new OptOutStore() {
      @Override
      public Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds) {
        Set<String> out = new HashSet<>();
        distinctIds.stream()
            .filter(id -> InMemoryEvents.this.trackingOptedOut(new Who(projectId, id)))
            .forEach(out::add);
        return out;
      }

      @Override
      public void setOptOut(
          String projectId, String distinctId, OptOutKind kind, boolean value, Instant now) {
        synchronized (InMemoryEvents.this) {
          Prefs p = prefs.getOrDefault(new Who(projectId, distinctId), new Prefs(false, false));
          prefs.put(
              new Who(projectId, distinctId),
              kind == OptOutKind.TRACKING
                  ? new Prefs(value, p.sharing())
                  : new Prefs(p.tracking(), value));
        }
      }

      /** Kept, not expired: its end is DynamoDB TTL's (no unit test's clock reaches it). */
      @Override
      public void setDailyOptOut(String projectId, String distinctId, long until, Instant now) {
        setOptOut(projectId, distinctId, OptOutKind.TRACKING, true, now);
      }

      @Override
      public TrackingPreferences preferences(String projectId, String distinctId) {
        synchronized (InMemoryEvents.this) {
          Prefs p = prefs.get(new Who(projectId, distinctId));
          return p == null
              ? TrackingPreferences.NONE
              : new TrackingPreferences(p.tracking(), p.sharing());
        }
      }
    };
  }

  public AggregateStore aggregates() {
    return new AggregateStore() {
      @Override
      public synchronized void addAggregates(
          String projectId, LocalDate day, Map<String, Long> counts, long expiresAt) {
        counts.forEach(
            (event, n) ->
                aggregates
                    .computeIfAbsent(projectId, k -> new HashMap<>())
                    .merge(day + "\u0000" + event, n, Long::sum));
      }

      @Override
      public synchronized long aggregateCount(String projectId, LocalDate day, String event) {
        return aggregates
            .getOrDefault(projectId, Map.of())
            .getOrDefault(day + "\u0000" + event, 0L);
      }
    };
  }

  public ProfileStore profiles() {
    return new ProfileStore() {
      @Override
      public Optional<Violation> applyProfile(
          String projectId, String distinctId, ProfileOp op, long expiresAt) {
        return apply(new Who(projectId, distinctId), op);
      }

      @Override
      public Map<String, JsonNode> profile(String projectId, String distinctId) {
        return read(new Who(projectId, distinctId));
      }

      @Override
      public Optional<Violation> applyGroupProfile(
          String projectId, String groupKey, String groupId, ProfileOp op, long expiresAt) {
        return apply(group(projectId, groupKey, groupId), op);
      }

      @Override
      public Map<String, JsonNode> groupProfile(String projectId, String groupKey, String groupId) {
        return read(group(projectId, groupKey, groupId));
      }
    };
  }

  private synchronized Map<String, JsonNode> read(Who who) {
    return new LinkedHashMap<>(profiles.getOrDefault(who, Map.of()));
  }

  private synchronized Optional<Violation> apply(Who who, ProfileOp op) {
    Map<String, JsonNode> profile = profiles.computeIfAbsent(who, k -> new LinkedHashMap<>());
    switch (op) {
      case ProfileOp.Set set -> {
        String field = set.onlyIfAbsent() ? "$set_once" : "$set";
        for (Map.Entry<String, JsonNode> p : set.properties().entrySet()) {
          if (utf8("PROF#" + p.getKey()) > MAX_SORT_KEY
              || utf8(p.getValue().toString()) + 200 > MAX_ITEM) {
            return Optional.of(new Violation(field, "A profile property cannot be stored"));
          }
        }
        set.properties()
            .forEach(
                (name, value) -> {
                  if (set.onlyIfAbsent()) {
                    profile.putIfAbsent(name, value);
                  } else {
                    profile.put(name, value);
                  }
                });
      }
      case ProfileOp.Unset unset -> unset.names().forEach(profile::remove);
      case ProfileOp.Delete ignored -> profile.clear();
      case ProfileOp.Modify modify -> {
        for (String name : modify.operands().keySet()) {
          if (utf8("PROF#" + name) > MAX_SORT_KEY) {
            return Optional.of(
                new Violation(modify.kind().wire(), "A profile property cannot be stored"));
          }
        }
        modify
            .operands()
            .forEach(
                (name, operand) ->
                    modify.apply(profile.get(name), operand).ifPresent(v -> profile.put(name, v)));
      }
    }
    return Optional.empty();
  }

  public DistinctIdData distinctIds() {
    return new DistinctIdData() {
      @Override
      public ExportPage export(String projectId, String distinctId, String cursor, int limit) {
        Who who = new Who(projectId, distinctId);
        String after =
            cursor == null
                ? ""
                : new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (cursor != null && !after.startsWith("E#")) {
          throw new IllegalArgumentException("bad cursor");
        }
        List<ExportPage.ExportedEvent> page = new ArrayList<>();
        String last = null;
        boolean more = false;
        synchronized (InMemoryEvents.this) {
          for (Map.Entry<String, StoredEvent> e :
              events
                  .getOrDefault(who, new TreeMap<>())
                  .tailMap(after.isEmpty() ? "" : after.substring(2), false)
                  .entrySet()) {
            if (page.size() == limit) {
              more = true;
              break;
            }
            page.add(
                new ExportPage.ExportedEvent(
                    e.getValue().event(),
                    e.getValue().timeMs(),
                    parse(e.getValue().propertiesJson())));
            last = e.getKey();
          }
        }
        String next =
            more
                ? Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("E#" + last).getBytes(StandardCharsets.UTF_8))
                : null;
        return new ExportPage(
            page,
            cursor == null ? read(who) : Map.of(),
            optOuts().preferences(projectId, distinctId),
            next);
      }

      @Override
      public synchronized DeleteProgress deleteDistinctId(
          String projectId, String distinctId, int budget) {
        Who who = new Who(projectId, distinctId);
        int deleted = 0;
        for (Map<String, ?> items :
            List.<Map<String, ?>>of(
                events.getOrDefault(who, new TreeMap<>()),
                profiles.getOrDefault(who, new HashMap<>()))) {
          var it = items.keySet().iterator();
          while (it.hasNext()) {
            if (deleted == budget) {
              return new DeleteProgress(deleted, false);
            }
            it.next();
            it.remove();
            deleted++;
          }
        }
        return new DeleteProgress(deleted, true);
      }
    };
  }

  public ProjectEvents projectEvents() {
    return (projectId, budget) -> {
      synchronized (InMemoryEvents.this) {
        int deleted = 0;
        for (Map<Who, ?> map : List.<Map<Who, ?>>of(events, profiles, prefs)) {
          var it = map.entrySet().iterator();
          while (it.hasNext()) {
            var entry = it.next();
            if (!entry.getKey().projectId().equals(projectId)) {
              continue;
            }
            if (deleted == budget) {
              return new DeleteProgress(deleted, false);
            }
            it.remove();
            deleted++;
          }
        }
        if (aggregates.containsKey(projectId)) {
          if (deleted == budget) {
            return new DeleteProgress(deleted, false);
          }
          aggregates.remove(projectId);
          deleted++;
        }
        var tasksLeft = tasks.values().iterator();
        while (tasksLeft.hasNext()) {
          if (!tasksLeft.next().projectId().equals(projectId)) {
            continue;
          }
          if (deleted == budget) {
            return new DeleteProgress(deleted, false);
          }
          tasksLeft.remove();
          deleted++;
        }
        return new DeleteProgress(deleted, true);
      }
    };
  }

  /** Events whose expiry day (UTC) is over, as the adapter's day markers find them. */
  public ExpiredEvents expired() {
    return (now, budget, heldProjects) -> {
      synchronized (InMemoryEvents.this) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int deleted = 0;
        for (var partition : events.entrySet()) {
          if (heldProjects.contains(partition.getKey().projectId())) {
            continue;
          }
          var it = partition.getValue().values().iterator();
          while (it.hasNext()) {
            StoredEvent e = it.next();
            LocalDate day =
                LocalDate.ofInstant(
                    Instant.ofEpochSecond(e.expiresAtEpochSecond()), ZoneOffset.UTC);
            if (day.isBefore(today) && e.expiresAtEpochSecond() < now.getEpochSecond()) {
              if (deleted == budget) {
                return new DeleteProgress(deleted, false);
              }
              it.remove();
              deleted++;
            }
          }
        }
        return new DeleteProgress(deleted, true);
      }
    };
  }

  public DeletionTaskStore tasks() {
    return new DeletionTaskStore() {
      @Override
      public void create(DeletionTask task) {
        synchronized (InMemoryEvents.this) {
          tasks.putIfAbsent(task.projectId() + "\u0000" + task.id(), task);
        }
      }

      @Override
      public Optional<DeletionTask> find(String projectId, String taskId) {
        synchronized (InMemoryEvents.this) {
          return Optional.ofNullable(tasks.get(projectId + "\u0000" + taskId));
        }
      }

      @Override
      public List<DeletionTask> due(int limit) {
        synchronized (InMemoryEvents.this) {
          return tasks.values().stream()
              .filter(t -> t.completedAt() == null)
              .sorted(Comparator.comparing(DeletionTask::createdAt).thenComparing(DeletionTask::id))
              .limit(limit)
              .toList();
        }
      }

      @Override
      public void update(DeletionTask task) {
        synchronized (InMemoryEvents.this) {
          tasks.put(task.projectId() + "\u0000" + task.id(), task);
        }
      }
    };
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
