package dev.privacyfirst.files.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.files.domain.Occurrence;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * How {@link DynamoChunkRepository} changes counts and reference items together: occurrences
 * grouped per chunk into transactions of at most {@value #MAX_ACTIONS} actions, each retried
 * without what a failed condition showed to be done already (a reference item present) or changed
 * under it (a chunk record, reported to the caller).
 */
final class ReferenceTransactions {
  static final int MAX_ACTIONS = 100;
  private static final int MAX_ATTEMPTS = 400;
  private static final int GUARD = -2;
  private static final SecureRandom JITTER = new SecureRandom();

  private final DynamoDbClient dynamo;

  ReferenceTransactions(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  /** A slice of one chunk's occurrences changed together with its count in one transaction. */
  static final class Part {
    final String chunkId;
    final boolean create;
    final List<Occurrence> refs;

    Part(String chunkId, boolean create, List<Occurrence> refs) {
      this.chunkId = chunkId;
      this.create = create;
      this.refs = new ArrayList<>(refs);
    }
  }

  static List<Part> parts(List<Occurrence> occurrences, Set<String> fresh) {
    return parts(occurrences, fresh, MAX_ACTIONS);
  }

  /** Parts of at most {@code capacity} actions each (the chunk's action and its references). */
  static List<Part> parts(List<Occurrence> occurrences, Set<String> fresh, int capacity) {
    Map<String, List<Occurrence>> byChunk = new LinkedHashMap<>();
    for (Occurrence o : occurrences) {
      byChunk.computeIfAbsent(o.chunkId(), k -> new ArrayList<>()).add(o);
    }
    List<Part> parts = new ArrayList<>();
    byChunk.forEach(
        (id, list) -> {
          for (int from = 0; from < list.size(); from += capacity - 1) {
            parts.add(
                new Part(
                    id,
                    from == 0 && fresh.contains(id),
                    list.subList(from, Math.min(list.size(), from + capacity - 1))));
          }
        });
    return parts;
  }

  /** Runs {@code actions} for every part, packed into transactions. */
  void run(
      List<Part> parts,
      Function<Part, List<TransactWriteItem>> actions,
      Consumer<String> onChunkConflict) {
    run(parts, actions, onChunkConflict, null, null);
  }

  /**
   * As {@link #run(List, Function, Consumer)}, with {@code guard} (a condition check, if not null)
   * in every transaction: none commits once it fails, and {@code onGuardFailed} is thrown. Parts
   * must then be made with a capacity of {@code MAX_ACTIONS - 1}.
   */
  void run(
      List<Part> parts,
      Function<Part, List<TransactWriteItem>> actions,
      Consumer<String> onChunkConflict,
      TransactWriteItem guard,
      java.util.function.Supplier<RuntimeException> onGuardFailed) {
    for (List<Part> group : pack(parts, guard == null ? MAX_ACTIONS : MAX_ACTIONS - 1)) {
      runGroup(group, actions, onChunkConflict, guard, onGuardFailed);
    }
  }

  /** Groups parts into transactions of at most {@code capacity} actions. */
  private static List<List<Part>> pack(List<Part> parts, int capacity) {
    List<List<Part>> groups = new ArrayList<>();
    List<Part> current = new ArrayList<>();
    int actions = 0;
    for (Part part : parts) {
      int size = part.refs.size() + 1;
      if (actions + size > capacity && !current.isEmpty()) {
        groups.add(current);
        current = new ArrayList<>();
        actions = 0;
      }
      current.add(part);
      actions += size;
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  /**
   * Runs one transaction; on a failed condition drops what failed (a reference item already there,
   * or a chunk record that changed, reported to {@code onChunkConflict}) and runs the rest again.
   */
  private void runGroup(
      List<Part> group,
      Function<Part, List<TransactWriteItem>> actions,
      Consumer<String> onChunkConflict,
      TransactWriteItem guard,
      java.util.function.Supplier<RuntimeException> onGuardFailed) {
    List<Part> remaining = new ArrayList<>(group);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      remaining.removeIf(p -> p.refs.isEmpty());
      if (remaining.isEmpty()) {
        return;
      }
      List<TransactWriteItem> items = new ArrayList<>();
      List<Part> owner = new ArrayList<>();
      List<Integer> refIndex = new ArrayList<>();
      if (guard != null) {
        items.add(guard);
        owner.add(null);
        refIndex.add(GUARD);
      }
      for (Part part : remaining) {
        List<TransactWriteItem> partItems = actions.apply(part);
        for (int i = 0; i < partItems.size(); i++) {
          items.add(partItems.get(i));
          owner.add(part);
          refIndex.add(i - 1); // -1: the chunk action, else the reference's position
        }
      }
      try {
        dynamo.transactWriteItems(r -> r.transactItems(items));
        return;
      } catch (TransactionCanceledException e) {
        List<CancellationReason> reasons =
            e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        Set<Part> conflicted = new HashSet<>();
        Map<Part, Set<Integer>> doneRefs = new HashMap<>();
        boolean changed = false;
        for (int i = 0; i < reasons.size() && i < items.size(); i++) {
          if (!"ConditionalCheckFailed".equals(reasons.get(i).code())) {
            continue;
          }
          if (refIndex.get(i) == GUARD) {
            throw onGuardFailed.get();
          }
          changed = true;
          if (refIndex.get(i) < 0) {
            conflicted.add(owner.get(i));
          } else {
            doneRefs.computeIfAbsent(owner.get(i), k -> new HashSet<>()).add(refIndex.get(i));
          }
        }
        if (!changed) {
          backoff(attempt); // a conflicting transaction or throttling: try again
          continue;
        }
        for (Part part : conflicted) {
          onChunkConflict.accept(part.chunkId);
          remaining.remove(part);
        }
        doneRefs.forEach(
            (part, indexes) -> {
              List<Occurrence> keep = new ArrayList<>();
              for (int i = 0; i < part.refs.size(); i++) {
                if (!indexes.contains(i)) {
                  keep.add(part.refs.get(i));
                }
              }
              part.refs.clear();
              part.refs.addAll(keep);
            });
      } catch (SdkException e) {
        throw new DependencyFailure("chunks table unavailable", e);
      }
    }
    throw new DependencyFailure("chunk reference transaction kept conflicting", null);
  }

  static void backoff(int attempt) {
    try {
      Thread.sleep(5 + JITTER.nextInt(10 + Math.min(attempt, 10) * 20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyFailure("interrupted", e);
    }
  }
}
