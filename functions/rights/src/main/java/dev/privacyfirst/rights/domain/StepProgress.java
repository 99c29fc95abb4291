package dev.privacyfirst.rights.domain;

/**
 * The saved cursor of one step of one request: how many items it removed so far and whether it is
 * finished. Counts are what each invocation observed; a step interrupted by a crash before its
 * progress was saved does not count the items it removed then.
 */
public record StepProgress(long count, boolean done) {
  public static final StepProgress NONE = new StepProgress(0, false);

  public StepProgress after(StepResult result) {
    return new StepProgress(count + result.count(), result.finished());
  }
}
