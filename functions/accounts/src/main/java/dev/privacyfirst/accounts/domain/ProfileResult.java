package dev.privacyfirst.accounts.domain;

/** The outcome of a profile change. */
public sealed interface ProfileResult {
  record Updated(ProfileView profile) implements ProfileResult {}

  /** Another account holds the handle: nothing was changed. */
  record HandleTaken() implements ProfileResult {}

  /** A value breaks a rule (the reason names the field, never repeats the value). */
  record Invalid(String field, String reason) implements ProfileResult {}

  /** The account is gone or its key destroyed. */
  record NoAccount() implements ProfileResult {}
}
