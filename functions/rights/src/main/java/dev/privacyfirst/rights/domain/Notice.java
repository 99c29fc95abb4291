package dev.privacyfirst.rights.domain;

import java.util.List;

/**
 * A transactional message to an account holder (deletion confirmation, security notice, policy
 * change): sent whatever the person's promotional choices, to the account's verified address, by
 * the email capability. It carries no personal data beyond what the recipient already knows.
 *
 * @param category the transactional category (its id in the email capability's catalogue)
 * @param subject the subject line
 * @param paragraphs the body, one plain-text paragraph each
 */
public record Notice(String category, String subject, List<String> paragraphs) {
  public Notice {
    if (category == null || category.isBlank() || subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a notice needs a category and a subject");
    }
    paragraphs = List.copyOf(paragraphs);
  }
}
