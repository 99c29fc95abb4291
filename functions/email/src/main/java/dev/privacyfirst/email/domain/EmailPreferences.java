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
  private final Links links;
  private final Clock clock;
  private final Recipients recipients;

  public EmailPreferences(Categories categories, PreferenceStore store, Links links, Clock clock) {
    this(categories, store, links, clock, recipient -> true);
  }

  /**
   * @param recipients whether a link's recipient still exists: a link that outlived the person's
   *     erasure must change nothing (and recreate nothing)
   */
  public EmailPreferences(
      Categories categories,
      PreferenceStore store,
      Links links,
      Clock clock,
      Recipients recipients) {
    this.recipients = recipients;
    this.categories = categories;
    this.store = store;
    this.links = links;
    this.clock = clock;
  }

  public Categories categories() {
    return categories;
  }

  /** Verifies a link token (throws {@link InvalidLink}); changes nothing. */
  public LinkGrant open(String token) {
    LinkGrant grant = links.verify(token);
    if (!recipients.exists(grant.recipient())) {
      throw new InvalidLink(
          "This link belongs to data that was erased at the person's request: nothing is left to"
              + " change, and nothing will be mailed.");
    }
    return grant;
  }

  /**
   * Verifies a preference-center link: an unsubscribe link (or one of the retired format) is
   * refused here, because the preference center can subscribe again and allow tracking again.
   */
  public LinkGrant openPreferences(String token) {
    LinkGrant grant = open(token);
    if (!(grant.scope() instanceof LinkScope.PreferenceCenter)) {
      throw new InvalidLink(
          InvalidLink.Kind.OUT_OF_SCOPE,
          "This link can only unsubscribe. To see or change your other email choices, use the"
              + " \"email preferences\" link of a recent message from us, or sign in.");
    }
    return grant;
  }

  /** Verifies an unsubscribe link: the category it refuses (a preference link may refuse all). */
  public LinkGrant openUnsubscribe(String token) {
    LinkGrant grant = open(token);
    if (!(grant.scope() instanceof LinkScope.Unsubscribe)) {
      throw new InvalidLink(
          InvalidLink.Kind.OUT_OF_SCOPE,
          "This is a preference-center link: open it to choose which email you receive.");
    }
    return grant;
  }

  /** Whether a recipient key still names someone (port). */
  @FunctionalInterface
  public interface Recipients {
    boolean exists(String recipient);
  }

  /** The category an unsubscribe link refers to, or null for "all" (and for one since removed). */
  public Category scopeCategory(LinkGrant grant) {
    return grant.scope() instanceof LinkScope.Unsubscribe(String category)
        ? categories.find(category).filter(Category::promotional).orElse(null)
        : null;
  }

  /**
   * The one-click unsubscribe: refuses the link's category. Idempotent. A category that is no
   * longer promotional (removed from the configuration since the mail was sent) refuses all
   * promotional mail, the reading that certainly means less mail. The same effect whether the link
   * was followed on the web or mailed back to the unsubscribe mailbox.
   */
  public Preferences unsubscribe(String token) {
    LinkGrant grant = openUnsubscribe(token);
    Category category = scopeCategory(grant);
    String scope = category == null ? Categories.ALL : category.id();
    Preferences current = store.get(grant.recipient());
    Preferences next = current.refusing(scope, clock.instant());
    store.put(next);
    return next;
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
