package dev.privacyfirst.files.rights;

import dev.privacyfirst.files.domain.AccessAudit;
import dev.privacyfirst.rights.domain.HoldStep;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;

/**
 * A held account's access audit entries (the one files-table record that DynamoDB TTL removes) out
 * of TTL's reach while the hold lasts, and back afterwards. The account's files and uploads have no
 * TTL: their deletion paths ask the hold themselves.
 */
public final class AccessAuditHoldStep implements HoldStep {
  private final AccessAudit audit;

  public AccessAuditHoldStep(AccessAudit audit) {
    this.audit = audit;
  }

  @Override
  public String name() {
    return "files-access-audit";
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.ACCOUNT;
  }

  @Override
  public Batch move(Subject subject, Direction direction, String cursor, int limit) {
    return audit.moveTtl(subject.id(), direction, cursor, limit);
  }
}
