package dev.privacyfirst.accounts.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The password rules at sign-up: at least 10 and at most 1024 characters (code points), not one of
 * the bundled common passwords (compared case-insensitively), not the email address itself.
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 1024;
  private static final String RESOURCE = "/dev/privacyfirst/accounts/common-passwords.txt";

  private final Set<String> common;

  public PasswordPolicy(Set<String> commonPasswords) {
    Set<String> lower = new HashSet<>();
    commonPasswords.forEach(p -> lower.add(p.toLowerCase(Locale.ROOT)));
    this.common = Set.copyOf(lower);
  }

  /** The policy with the bundled list. */
  public static PasswordPolicy bundled() {
    Set<String> list = new HashSet<>();
    InputStream in = PasswordPolicy.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("missing resource " + RESOURCE);
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          list.add(word);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PasswordPolicy(list);
  }

  public int size() {
    return common.size();
  }

  /** Why the password is refused, or empty when it is acceptable. */
  public Optional<String> problem(String password, String normalisedEmail) {
    if (CanonicalText.hasForbidden(password, false)) {
      // What a decoder left of invalid bytes, or invisible controls: two different inputs could
      // meet in the same password, or the person could not type it again.
      return Optional.of(
          "The password holds a character that is not plain text (U+FFFD, a control or a"
              + " bidirectional control character).");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return Optional.of("The password must be at least " + MIN_LENGTH + " characters long.");
    }
    if (length > MAX_LENGTH) {
      return Optional.of("The password must be at most " + MAX_LENGTH + " characters long.");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (common.contains(lower)) {
      return Optional.of("The password is one of the most common passwords; choose another.");
    }
    String email = normalisedEmail.toLowerCase(Locale.ROOT);
    if (lower.strip().equals(email) || lower.strip().equals(localPart(email))) {
      return Optional.of("The password must not be your email address.");
    }
    return Optional.empty();
  }

  private static String localPart(String email) {
    int at = email.indexOf('@');
    return at < 0 ? email : email.substring(0, at);
  }
}
