package dev.privacyfirst.email.rights;

import dev.privacyfirst.email.domain.EmailErasure;
import dev.privacyfirst.rights.domain.Budget;
import dev.privacyfirst.rights.domain.ErasureStep;
import dev.privacyfirst.rights.domain.ErasureSteps;
import dev.privacyfirst.rights.domain.StepResult;
import dev.privacyfirst.rights.domain.Subject;
import dev.privacyfirst.rights.domain.SubjectKind;
import java.time.Instant;

/**
 * Email data through the email module ({@link EmailErasure}): the account's preferences and the
 * campaign send records about it, and, under the keyed hash of the address (the request's captured
 * email lookup hash, which is the email module's address hash), the address-keyed preferences,
 * leaving only a suppression marker so the address is never mailed again. For a bare email address
 * (no account) the same address part: those requests complete.
 */
public final class EmailErasureStep implements ErasureStep {
  static final int BATCH = 25;
  private final EmailErasure email;

  public EmailErasureStep(EmailErasure email) {
    this.email = email;
  }

  @Override
  public String name() {
    return ErasureSteps.EMAIL;
  }

  @Override
  public boolean appliesTo(SubjectKind kind) {
    return kind == SubjectKind.ACCOUNT || kind == SubjectKind.EMAIL_ADDRESS;
  }

  @Override
  public StepResult erase(Subject subject, Instant now, Budget budget) {
    if (!budget.take()) {
      return StepResult.partial(0);
    }
    long count = 0;
    if (subject.emailLookup().isPresent()) {
      count += email.eraseAddress(subject.emailLookup().get());
    }
    if (subject.kind() != SubjectKind.ACCOUNT) {
      return StepResult.done(count);
    }
    count += email.eraseAccountPreferences(subject.id());
    return StepResult.inBatches(
        count,
        budget,
        () -> {
          int removed = email.eraseSendRecords(subject.id(), BATCH);
          return new StepResult.Batch(removed, removed < BATCH);
        });
  }
}
