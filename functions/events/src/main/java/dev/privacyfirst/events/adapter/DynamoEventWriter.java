package dev.privacyfirst.events.adapter;

import static dev.privacyfirst.events.adapter.Attr.s;
import static dev.privacyfirst.events.adapter.EventsTable.PART;
import static dev.privacyfirst.events.adapter.EventsTable.PREFS;

import dev.privacyfirst.common.adapter.DynamoBatches;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.events.domain.EventStore;
import dev.privacyfirst.events.domain.StoredEvent;
import dev.privacyfirst.events.domain.Violation;
import dev.privacyfirst.rights.adapter.HeldTtl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Events into their distinct_ids' partitions of the Events table ({@link EventsTable}), with the
 * index markers that find them again, unless the distinct_id opted out.
 */
public final class DynamoEventWriter implements EventStore {
  /** The field a refused event is reported under. */
  static final String WHOLE_EVENT = "properties";

  private final EventsTable table;

  public DynamoEventWriter(EventsTable table) {
    this.table = table;
  }

  @Override
  public void putEvents(List<StoredEvent> events) {
    Map<String, List<StoredEvent>> byProject = new LinkedHashMap<>();
    events.forEach(e -> byProject.computeIfAbsent(e.projectId(), k -> new ArrayList<>()).add(e));
    byProject.forEach((projectId, list) -> store(projectId, list, false));
  }

  @Override
  public Stored storeUnlessOptedOut(String projectId, List<StoredEvent> events) {
    return store(projectId, events, true);
  }

  /**
   * Events DynamoDB would refuse (item or key limits) are set aside first, so that nothing, index
   * markers included, is written for them. One BatchGetItem round (100 keys per request) then reads
   * the partitions' opt-out flags and whether their index markers exist; missing markers are
   * written before the events (an event never exists without the markers that find it), then the
   * events. Markers are written once per partition and once per (partition, expiry day): a retried
   * batch finds them and writes none.
   */
  private Stored store(String projectId, List<StoredEvent> events, boolean checkOptOuts) {
    boolean projectHeld = table.holds.project(projectId);
    Set<String> heldIds =
        projectHeld
            ? Set.of()
            : table.holds.distinctIds(
                projectId, events.stream().map(StoredEvent::distinctId).distinct().toList());
    Map<Integer, Violation> refused = new HashMap<>();
    Map<String, String> idByPartition = new HashMap<>();
    Map<String, List<String>> prefsOf = new HashMap<>();
    Map<String, Map<String, AttributeValue>> wanted = new LinkedHashMap<>();
    List<Map<String, AttributeValue>> itemOf = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      StoredEvent e = events.get(i);
      boolean held = projectHeld || heldIds.contains(e.distinctId());
      String pk = table.partition(projectId, e.distinctId());
      Map<String, AttributeValue> item = EventsTable.eventItem(pk, e);
      Optional<String> violation = ItemLimits.violation(item);
      if (violation.isPresent()) {
        refused.put(
            i, new Violation(WHOLE_EVENT, "The event cannot be stored: " + violation.get()));
        itemOf.add(null);
        continue;
      }
      itemOf.add(HeldTtl.forWrite(item, held));
      if (idByPartition.put(pk, e.distinctId()) == null) {
        wanted.put(pk + "\n" + PART, EventsTable.partMarker(projectId, pk));
        if (checkOptOuts) {
          // Under every readable key version: an opt-out made before a rotation still counts.
          List<String> pks = table.partitions(projectId, e.distinctId());
          prefsOf.put(pk, pks);
          pks.forEach(p -> wanted.put(p + "\n" + PREFS, null));
        }
      }
      String expirySk = EventsTable.expirySortKey(e);
      wanted.computeIfAbsent(
          pk + "\n" + expirySk, k -> HeldTtl.forWrite(EventsTable.expMarker(pk, expirySk), held));
    }
    Found existing = existing(table, new ArrayList<>(wanted.keySet()));
    Set<String> found = existing.keys();
    Set<String> optedOutPartitions = new HashSet<>();
    prefsOf.forEach(
        (pk, pks) -> {
          if (trackingOptedOut(pks, existing.prefs())) {
            optedOutPartitions.add(pk);
          }
        });
    List<Map<String, AttributeValue>> markers = new ArrayList<>();
    wanted.forEach(
        (k, marker) -> {
          String pk = k.substring(0, k.indexOf('\n'));
          boolean needed = !optedOutPartitions.contains(pk) || k.endsWith("\n" + PART);
          if (marker != null && needed && !found.contains(k)) {
            markers.add(marker);
          }
        });
    if (!markers.isEmpty() && !table.writer.put(markers).isEmpty()) {
      // Markers have fixed-size keys and a few attributes: a refusal is not the data's fault.
      throw new DependencyFailure("DynamoDB refused an index marker", null);
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>(events.size());
    for (Map<String, AttributeValue> item : itemOf) {
      if (item != null && !optedOutPartitions.contains(item.get("pk").s())) {
        items.add(item);
      }
    }
    if (!items.isEmpty()) {
      Set<String> refusedKeys = table.writer.put(items);
      // Only if DynamoDB refuses what the check let through; the markers written for such an event
      // stay (harmless: erasure and expiry handle markers without events).
      for (int i = 0; i < itemOf.size(); i++) {
        if (itemOf.get(i) != null && refusedKeys.contains(BatchWriter.key(itemOf.get(i)))) {
          refused.put(i, new Violation(WHOLE_EVENT, "DynamoDB refused to store the event."));
        }
      }
    }
    Set<String> optedOut = new HashSet<>();
    optedOutPartitions.forEach(pk -> optedOut.add(idByPartition.get(pk)));
    return new Stored(optedOut, refused);
  }

  /**
   * What {@link #existing} found: the keys ({@code pk\nsk}) of the items other than {@code PREFS},
   * and the {@code PREFS} items by partition.
   */
  record Found(Set<String> keys, Map<String, Map<String, AttributeValue>> prefs) {}

  /** Whether the {@code PREFS} items of one distinct_id's partitions say it opted out. */
  static boolean trackingOptedOut(
      List<String> partitions, Map<String, Map<String, AttributeValue>> prefs) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    partitions.forEach(pk -> items.add(prefs.get(pk)));
    return EventsTable.mergedChoice(items, EventsTable.TRACKING);
  }

  /**
   * Which of these keys ({@code pk\nsk}) exist; {@code PREFS} items are returned with their
   * tracking choice and when it was made. The groups of 100 keys are read concurrently.
   */
  static Found existing(EventsTable table, List<String> keys) {
    Set<String> found = ConcurrentHashMap.newKeySet();
    Map<String, Map<String, AttributeValue>> prefs = new ConcurrentHashMap<>();
    List<Map<String, AttributeValue>> all =
        keys.stream()
            .map(
                k -> {
                  int cut = k.indexOf('\n');
                  return Map.of("pk", s(k.substring(0, cut)), "sk", s(k.substring(cut + 1)));
                })
            .toList();
    BatchWriter.inParallel(
        DynamoBatches.groups(all, DynamoBatches.MAX_GETS),
        group -> {
          for (Map<String, AttributeValue> item :
              DynamoBatches.getGroup(
                  table.dynamo,
                  table.name,
                  group,
                  "pk, sk, trackingOptOut, trackingOptOutAt, updatedAt",
                  "could not read opt-outs")) {
            String sk = item.get("sk").s();
            if (!sk.equals(PREFS)) {
              found.add(item.get("pk").s() + "\n" + sk);
            } else {
              prefs.put(item.get("pk").s(), item);
            }
          }
        });
    return new Found(found, prefs);
  }
}
