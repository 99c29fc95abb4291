package dev.privacyfirst.email.domain;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * One recipient's email choices.
 *
 * @param recipient the recipient key ("a:" account id or "h:" keyed hash of an address)
 * @param refused promotional categories refused one by one
 * @param allPromotionalRefused every promotional category refused at once
 * @param trackingRefused no open-tracking pixel in this recipient's mail
 * @param updatedAt last change, or null if never changed
 */
public record Preferences(
    String recipient,
    Set<String> refused,
    boolean allPromotionalRefused,
    boolean trackingRefused,
    Instant updatedAt) {

  public Preferences {
    refused = Set.copyOf(refused);
  }

  /** Nobody has refused anything until they say so. */
  public static Preferences defaults(String recipient) {
    return new Preferences(recipient, Set.of(), false, false, null);
  }

  /** Whether mail of this category may be sent (transactional: always). */
  public boolean allows(Category category) {
    if (!category.promotional()) {
      return true;
    }
    return !allPromotionalRefused && !refused.contains(category.id());
  }

  /** These preferences with one more refusal (a category id or {@link Categories#ALL}). */
  public Preferences refusing(String scope, Instant at) {
    if (Categories.ALL.equals(scope)) {
      return new Preferences(recipient, refused, true, trackingRefused, at);
    }
    Set<String> more = new TreeSet<>(refused);
    more.add(scope);
    return new Preferences(recipient, more, allPromotionalRefused, trackingRefused, at);
  }
}
