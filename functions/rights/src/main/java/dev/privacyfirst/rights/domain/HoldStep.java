package dev.privacyfirst.rights.domain;

/**
 * One capability's side of keeping held data out of DynamoDB TTL's reach (port of the contract).
 * TTL cannot be stopped, so while a legal hold protects a subject the capability moves the TTL
 * attribute of the subject's items in its own tables into another attribute that TTL does not read
 * ({@link Direction#SHELTER}), and moves it back when the hold is lifted ({@link
 * Direction#RESTORE}). Each item is changed by one conditional UpdateItem, so a crash between items
 * or a repeated batch changes nothing twice; the cursor lets the next invocation continue.
 */
public interface HoldStep {
  /** Which way a pass moves the TTL attribute. */
  enum Direction {
    /** Hold placed: {@code expiresAt} moves to {@code heldExpiresAt}, out of TTL's reach. */
    SHELTER,
    /** Hold lifted: {@code heldExpiresAt} moves back to {@code expiresAt}. */
    RESTORE
  }

  /** The step's name (the key of its saved cursor). */
  String name();

  boolean appliesTo(SubjectKind kind);

  /**
   * One batch of at most {@code limit} items, continuing after {@code cursor} (null: from the
   * start).
   */
  Batch move(Subject subject, Direction direction, String cursor, int limit);

  /**
   * What one batch did.
   *
   * @param count items whose TTL attribute moved
   * @param cursor where the next batch continues; null when nothing is left
   */
  record Batch(long count, String cursor) {
    public boolean last() {
      return cursor == null;
    }
  }
}
