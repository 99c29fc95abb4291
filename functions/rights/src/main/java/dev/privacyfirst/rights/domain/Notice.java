package dev.privacyfirst.rights.domain;

import java.util.List;

/**
 * A transactional message to an account holder (deletion confirmation, security notice, policy
 * change): sent whatever the person's promotional choices, to the account's verified address, by
 * the email capability. It carries no personal data beyond what the recipient already knows.
 *
 * <p>A few notices go to an address that is not (or not yet) the account's verified one: the
 * verification of a new address, the notice to the old address after a change, the consent request
 * to a guardian. Those carry {@code sealedRecipient}: the address sealed under the account's own
 * data key for the field {@link #RECIPIENT_FIELD}, which the email capability opens at send time,
 * so that the address never travels in clear.
 *
 * @param category the transactional category (its id in the email capability's catalogue)
 * @param subject the subject line
 * @param paragraphs the body, one plain-text paragraph each
 * @param sealedRecipient null for the account's verified address, else the sealed address to use
 */
public record Notice(
    String category, String subject, List<String> paragraphs, String sealedRecipient) {
  /** The vault field a notice's recipient is sealed for (a sealed value of another field fails). */
  public static final String RECIPIENT_FIELD = "notice-recipient";

  public Notice {
    if (category == null || category.isBlank() || subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a notice needs a category and a subject");
    }
    paragraphs = List.copyOf(paragraphs);
  }

  /** A notice to the account's verified address. */
  public Notice(String category, String subject, List<String> paragraphs) {
    this(category, subject, paragraphs, null);
  }
}
