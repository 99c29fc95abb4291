package dev.privacyfirst.accounts.domain;

import java.time.LocalDate;

/**
 * A daily allowance of mail that an unauthenticated request can make us send to one address (port),
 * so that no such mail becomes a way to flood someone's inbox. Each kind of mail has its own
 * allowance, so that using up one (say, sign-up attempts) does not stop another (the owner's
 * sign-in link).
 */
public interface MailAllowance {
  /** The kinds of mail an unauthenticated request can trigger, each with its daily allowance. */
  enum Kind {
    /** A sign-in link (the key of the original allowance, kept so that counts carry over). */
    SIGN_IN_LINK(""),
    /** A verification link, or the "someone tried to sign up with your address" notice. */
    SIGN_UP("signup"),
    /** A password reset link. */
    PASSWORD_RESET("reset"),
    /** A guardian's consent request. */
    GUARDIAN("guardian");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** What the allowance is stored under, next to the day ("" for the original one). */
    public String key() {
      return key;
    }
  }

  /** Takes one from the address's allowance of this kind for {@code day}; false when used up. */
  boolean take(String emailLookup, Kind kind, LocalDate day, int perDay);

  /** Takes one sign-in link from the address's allowance. */
  default boolean take(String emailLookup, LocalDate day, int perDay) {
    return take(emailLookup, Kind.SIGN_IN_LINK, day, perDay);
  }
}
