package dev.privacyfirst.email.domain;

import java.util.regex.Pattern;

/**
 * What a link may do, and nothing more. An unsubscribe link (in the {@code List-Unsubscribe}
 * header, which mailbox providers see and which travels with every forward) can only refuse its one
 * category; only a preference-center link may change other choices, subscribe again or allow open
 * tracking again.
 */
public sealed interface LinkScope {
  Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  /** Refuse one promotional category ({@link Categories#ALL}: all of them). */
  record Unsubscribe(String category) implements LinkScope {
    public Unsubscribe {
      if (category == null || !CATEGORY.matcher(category).matches()) {
        throw new IllegalArgumentException("category out of shape");
      }
    }

    @Override
    public String encode() {
      return "unsubscribe:" + category;
    }
  }

  /** The preference center: read and change every choice. */
  record PreferenceCenter() implements LinkScope {
    @Override
    public String encode() {
      return "preferences";
    }
  }

  /** The stored form: {@code unsubscribe:<category>} or {@code preferences}. */
  String encode();

  /** The scope a stored form names (IllegalArgumentException if none). */
  static LinkScope parse(String encoded) {
    if ("preferences".equals(encoded)) {
      return new PreferenceCenter();
    }
    if (encoded != null && encoded.startsWith("unsubscribe:")) {
      return new Unsubscribe(encoded.substring("unsubscribe:".length()));
    }
    throw new IllegalArgumentException("unknown link scope");
  }
}
