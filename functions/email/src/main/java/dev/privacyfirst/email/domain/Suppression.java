package dev.privacyfirst.email.domain;

/** A suppression on an address, decided by SES feedback. */
public enum Suppression {
  /** A complaint: no more promotional mail; transactional mail still goes. */
  PROMOTIONAL,
  /** A hard bounce: the address is not valid; nothing is sent. */
  ALL,
  /**
   * The person's data was erased: nothing is sent, ever. This marker (keyed hash of the address,
   * level, time) is all that is kept about them.
   */
  ERASED;

  public boolean blocks(Category category) {
    return this != PROMOTIONAL || category.promotional();
  }
}
