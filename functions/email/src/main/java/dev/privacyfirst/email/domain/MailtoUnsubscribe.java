package dev.privacyfirst.email.domain;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mailto alternative of {@code List-Unsubscribe}: a message sent to {@code
 * unsubscribe+<token>@domain} (the token also in the subject, {@code unsubscribe <token>}, for mail
 * clients that drop the sub-address) unsubscribes exactly as the one-click POST of the same token
 * does, through {@link EmailPreferences#unsubscribe}. The token is the only authority: the sender's
 * address is not read (it can be forged, and a forwarded mail is sent from another address, as a
 * forwarded link is followed by another browser). Nothing is ever sent back, so no mail loop can
 * start here.
 */
public final class MailtoUnsubscribe {
  /** At most this many token candidates are tried per message: no guessing in bulk. */
  static final int MAX_CANDIDATES = 4;

  /** A token of the retired format as the old mailto subject carried it. */
  private static final Pattern LEGACY_IN_SUBJECT =
      Pattern.compile(
          "(?i)\\bunsubscribe\\s+([A-Za-z0-9_-]{4,300}\\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_.-])");

  private final EmailPreferences preferences;
  private final String mailboxLocal;
  private final String mailboxDomain;

  /**
   * @param mailbox the unsubscribe mailbox, e.g. {@code unsubscribe@example.com}
   */
  public MailtoUnsubscribe(EmailPreferences preferences, String mailbox) {
    int at = mailbox.lastIndexOf('@');
    if (at <= 0 || at == mailbox.length() - 1) {
      throw new IllegalArgumentException("the unsubscribe mailbox is not an address");
    }
    this.preferences = preferences;
    this.mailboxLocal = mailbox.substring(0, at).toLowerCase(Locale.ROOT);
    this.mailboxDomain = mailbox.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /** What became of one message. */
  public sealed interface Outcome {
    /** Unsubscribed from a category ({@link Categories#ALL}: all promotional mail). */
    record Unsubscribed(String scope) implements Outcome {}

    /** Nothing changed, and nothing can: a retry would end the same way. */
    record Ignored(Reason reason) implements Outcome {}
  }

  public enum Reason {
    /** No token in the recipient addresses or the subject. */
    NO_TOKEN,
    /** Tokens found, none valid (forged, expired, erased, or not an unsubscribe link). */
    INVALID_TOKEN,
    /** Not a message we could read (oversized, not RFC 5322, not an SES notification). */
    UNREADABLE
  }

  /**
   * Unsubscribes with the first valid token of the message. A store failure is thrown ({@code
   * DependencyFailure}) so the delivery is retried; every other problem is an {@link
   * Outcome.Ignored}.
   */
  public Outcome handle(InboundMail mail) {
    Set<String> candidates = candidates(mail);
    if (candidates.isEmpty()) {
      return new Outcome.Ignored(Reason.NO_TOKEN);
    }
    for (String token : candidates) {
      try {
        LinkGrant grant = preferences.openUnsubscribe(token);
        preferences.unsubscribe(token);
        Category category = preferences.scopeCategory(grant);
        return new Outcome.Unsubscribed(category == null ? Categories.ALL : category.id());
      } catch (InvalidLink tryTheNext) {
        // forged, expired, or a preference link: the next candidate may be the real one
      }
    }
    return new Outcome.Ignored(Reason.INVALID_TOKEN);
  }

  Set<String> candidates(InboundMail mail) {
    Set<String> found = new LinkedHashSet<>();
    for (String recipient : mail.recipients()) {
      String address = AddressHasher.normalise(recipient);
      int at = address.lastIndexOf('@');
      if (at <= 0 || !address.substring(at + 1).equals(mailboxDomain)) {
        continue;
      }
      String local = address.substring(0, at);
      if (local.startsWith(mailboxLocal + "+")) {
        String token = local.substring(mailboxLocal.length() + 1);
        if (Links.tokenPattern().matcher(token).matches()) {
          found.add(token);
        }
      }
    }
    String subject = mail.subject();
    if (subject.length() <= 2000) {
      Matcher current = Links.tokenPattern().matcher(subject.toLowerCase(Locale.ROOT));
      while (current.find()) {
        found.add(current.group());
      }
      Matcher legacy = LEGACY_IN_SUBJECT.matcher(subject);
      while (legacy.find()) {
        found.add(legacy.group(1));
      }
    }
    return found.stream()
        .limit(MAX_CANDIDATES)
        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
  }
}
