package dev.privacyfirst.accounts.domain;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Email normalisation, so that the same address typed twice maps to the same keyed hash and two
 * different addresses never do:
 *
 * <ul>
 *   <li>surrounding whitespace is trimmed; the rest must be plain text ({@link CanonicalText}: no
 *       U+FFFD, controls or bidi controls) and is composed to Unicode NFC;
 *   <li>the domain is converted to its ASCII (IDNA, "xn--") form and lower-cased, so {@code
 *       bücher.example} and {@code xn--bcher-kva.example} are one domain, as they are in DNS;
 *   <li>in the local part only the ASCII letters A-Z are lower-cased: providers treat ASCII case as
 *       insignificant and "Ann@x" and "ann@x" as two accounts would be a trap, but full Unicode
 *       case mapping would merge different mailboxes (the Kelvin sign U+212A lower-cases to "k");
 *       non-ASCII local parts are kept as typed (after NFC);
 *   <li>nothing else is rewritten: dots and "+tags" are kept, because not every provider ignores
 *       them.
 * </ul>
 */
public final class EmailAddresses {
  private EmailAddresses() {}

  public static final int MAX_LENGTH = 254;
  private static final int MAX_LOCAL_LENGTH = 64;

  /** The normalised address, or empty if it does not have the shape of one. */
  public static Optional<String> normalise(String raw) {
    if (raw == null || CanonicalText.hasForbidden(raw.strip(), false)) {
      return Optional.empty();
    }
    String email = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    int at = email.indexOf('@');
    if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) {
      return Optional.empty();
    }
    String local = asciiLowerCase(email.substring(0, at));
    String domain;
    try {
      domain =
          IDN.toASCII(email.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException notADomain) {
      return Optional.empty();
    }
    email = local + "@" + domain;
    if (email.length() > MAX_LENGTH
        || local.length() > MAX_LOCAL_LENGTH
        || domain.startsWith(".")
        || domain.endsWith(".")
        || !domain.contains(".")
        || domain.contains("..")) {
      return Optional.empty();
    }
    for (int i = 0; i < local.length(); ) {
      int cp = local.codePointAt(i);
      if (Character.isWhitespace(cp)
          || Character.isSpaceChar(cp)
          || cp == '<'
          || cp == '>'
          || cp == ','
          || cp == ';'
          || cp == '"'
          || cp == '\\') {
        return Optional.empty();
      }
      i += Character.charCount(cp);
    }
    return Optional.of(email);
  }

  private static String asciiLowerCase(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return out.toString();
  }
}
