package dev.privacyfirst.accounts.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Email normalisation: trimmed, Unicode NFC, lower-cased, so that the same address typed twice maps
 * to the same keyed hash. Lower-casing the local part is a deliberate choice: providers treat it
 * case-insensitively in practice, and two accounts for "Ann@x" and "ann@x" would be a trap.
 */
public final class EmailAddresses {
  private EmailAddresses() {}

  public static final int MAX_LENGTH = 254;
  private static final int MAX_LOCAL_LENGTH = 64;

  /** The normalised address, or empty if it does not have the shape of one. */
  public static Optional<String> normalise(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String email = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    if (email.isEmpty() || email.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int at = email.indexOf('@');
    if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) {
      return Optional.empty();
    }
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    if (local.length() > MAX_LOCAL_LENGTH
        || domain.startsWith(".")
        || domain.endsWith(".")
        || !domain.contains(".")
        || domain.contains("..")) {
      return Optional.empty();
    }
    for (int i = 0; i < email.length(); ) {
      int cp = email.codePointAt(i);
      if (Character.isWhitespace(cp)
          || Character.isISOControl(cp)
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
}
