package dev.privacyfirst.email.domain;

import java.time.Clock;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads and changes preferences: from a signed link (unsubscribe, preference center) or for a
 * signed-in account. Every change is written before the answer, so the next message obeys it.
 */
public final class EmailPreferences {
  private final Categories categories;
  private final PreferenceStore store;
  private final LinkTokens tokens;
  private final Clock clock;
  private final Recipients recipients;

  public EmailPreferences(
      Categories categories, PreferenceStore store, LinkTokens tokens, Clock clock) {
    this(categories, store, tokens, clock, recipient -> true);
  }

  /**
   * @param recipients whether a link's recipient still exists: a link that outlived the person's
   *     erasure must change nothing (and recreate nothing)
   */
  public EmailPreferences(
      Categories categories,
      PreferenceStore store,
      LinkTokens tokens,
      Clock clock,
      Recipients recipients) {
    this.recipients = recipients;
    this.categories = categories;
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
  }

  public Categories categories() {
    return categories;
  }

  /** Verifies a link token (throws {@link InvalidLink}); changes nothing. */
  public LinkToken open(String token) {
    LinkToken link = tokens.verify(token);
    if (!recipients.exists(link.recipient())) {
      throw new InvalidLink(
          "This link belongs to data that was erased at the person's request: nothing is left to"
              + " change, and nothing will be mailed.");
    }
    return link;
  }

  /** Whether a recipient key still names someone (port). */
  @FunctionalInterface
  public interface Recipients {
    boolean exists(String recipient);
  }

  /** The category a scope refers to, or null for "all" (and for a category since removed). */
  public Category scopeCategory(LinkToken link) {
    return categories.find(link.scope()).filter(Category::promotional).orElse(null);
  }

  /**
   * The one-click unsubscribe: refuses the token's scope. Idempotent. A scope that is no longer a
   * promotional category (removed from the configuration since the mail was sent) refuses all
   * promotional mail, the reading that certainly means less mail.
   */
  public Preferences unsubscribe(String token) {
    LinkToken link = open(token);
    String scope = scopeCategory(link) == null ? Categories.ALL : link.scope();
    Preferences current = store.get(link.recipient());
    Preferences next = current.refusing(scope, clock.instant());
    store.put(next);
    return next;
  }

  /** A preference-center token for a recipient whose link was just verified. */
  public String preferencesToken(String recipient) {
    return tokens.sign(new LinkToken(recipient, Categories.ALL));
  }

  public Preferences get(String recipient) {
    return store.get(recipient);
  }

  /** Applies a change after validating all of it (nothing is written if any part is invalid). */
  public Preferences change(String recipient, PreferenceChange change) {
    for (Map.Entry<String, Boolean> entry : change.categories().entrySet()) {
      Category category =
          categories
              .find(entry.getKey())
              .orElseThrow(() -> new InvalidPreference("Unknown email category."));
      if (!category.promotional() && !entry.getValue()) {
        throw new InvalidPreference(
            "Transactional email cannot be refused: " + categories.transactionalReason());
      }
    }
    Preferences current = store.get(recipient);
    TreeSet<String> refused = new TreeSet<>(current.refused());
    change
        .categories()
        .forEach(
            (id, subscribed) -> {
              if (categories.require(id).promotional()) {
                if (subscribed) {
                  refused.remove(id);
                } else {
                  refused.add(id);
                }
              }
            });
    Preferences next =
        new Preferences(
            recipient,
            refused,
            change.allPromotionalRefused() == null
                ? current.allPromotionalRefused()
                : change.allPromotionalRefused(),
            change.trackingRefused() == null ? current.trackingRefused() : change.trackingRefused(),
            clock.instant());
    store.put(next);
    return next;
  }

  /** A change that cannot be applied. */
  public static final class InvalidPreference extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidPreference(String message) {
      super(message);
    }
  }
}
