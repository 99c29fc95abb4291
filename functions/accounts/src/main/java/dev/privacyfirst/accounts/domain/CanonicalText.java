package dev.privacyfirst.accounts.domain;

/**
 * Characters an identifier or a name may not hold, because they make different inputs look alike or
 * hide what text says: U+FFFD (what a decoder leaves of invalid bytes, so two different inputs
 * would meet in it), lone surrogates, control characters, and the bidirectional controls (marks,
 * embeddings, overrides and isolates) that can make a name or an address display as another.
 */
public final class CanonicalText {
  private CanonicalText() {}

  /**
   * Whether {@code text} holds any of the characters above ({@code allowNewline}: '\n' is fine).
   */
  public static boolean hasForbidden(String text, boolean allowNewline) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c) || isBidiControl(c) || c == '\uFFFD') {
        return true;
      }
      if (Character.isISOControl(c) && !(allowNewline && c == '\n')) {
        return true;
      }
    }
    return false;
  }

  /** ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO and LRI/RLI/FSI/PDI. */
  static boolean isBidiControl(char c) {
    return c == '\u061C'
        || c == '\u200E'
        || c == '\u200F'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
