package dev.privacyfirst.email.domain;

/** A suppression on an address, decided by SES feedback. */
public enum Suppression {
  /** A complaint: no more promotional mail; transactional mail still goes. */
  PROMOTIONAL,
  /** A hard bounce: the address is not valid; nothing is sent. */
  ALL;

  public boolean blocks(Category category) {
    return this == ALL || category.promotional();
  }
}
