package dev.privacyfirst.rights.domain;

import java.util.List;

/**
 * The subject-rights contract as one capability implements it for the tables and buckets it owns:
 * how its data about a subject is exported, erased (under a budget, resumably) and expired. Only
 * the subject-rights functions put the capabilities' contracts together; a capability never reads
 * another's data.
 *
 * <p>Restrictions and holds are the other half of the contract: a capability reads them through
 * {@link Restrictions} and {@link Holds} at write and delete time, so they apply to everything
 * created later as well.
 *
 * @param capability the capability's name (its Maven module)
 * @param erasure its erasure steps, in the order they must run
 * @param expiry its time-based expiry steps
 * @param exports its sections of a subject's export
 * @param deadlines erasure work it holds with deadlines of its own (counted by the alarms)
 * @param holdSteps how it moves held items out of DynamoDB TTL's reach and back ({@link
 *     HoldPasses})
 */
public record CapabilityRights(
    String capability,
    List<ErasureStep> erasure,
    List<ExpiryStep> expiry,
    List<ExportSource> exports,
    List<DeadlineSource> deadlines,
    List<HoldStep> holdSteps) {
  public CapabilityRights {
    if (capability == null || capability.isBlank()) {
      throw new IllegalArgumentException("a capability needs a name");
    }
    erasure = List.copyOf(erasure);
    expiry = List.copyOf(expiry);
    exports = List.copyOf(exports);
    deadlines = List.copyOf(deadlines);
    holdSteps = List.copyOf(holdSteps);
  }

  /** A capability with nothing under TTL that a hold covers. */
  public CapabilityRights(
      String capability,
      List<ErasureStep> erasure,
      List<ExpiryStep> expiry,
      List<ExportSource> exports,
      List<DeadlineSource> deadlines) {
    this(capability, erasure, expiry, exports, deadlines, List.of());
  }

  /** A capability whose erasure work has no deadlines of its own. */
  public CapabilityRights(
      String capability,
      List<ErasureStep> erasure,
      List<ExpiryStep> expiry,
      List<ExportSource> exports) {
    this(capability, erasure, expiry, exports, List.of(), List.of());
  }
}
