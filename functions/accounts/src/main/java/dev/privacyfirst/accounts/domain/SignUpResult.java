package dev.privacyfirst.accounts.domain;

/**
 * The outcome of a sign-up. {@link Accepted} is the one answer to every well-formed sign-up,
 * whether the address was free (an unverified account and a verification mail), taken (a notice to
 * its owner) or over its daily mail allowance (nothing): the answer never tells them apart. Every
 * other outcome wrote nothing.
 */
public sealed interface SignUpResult {
  record Accepted() implements SignUpResult {}

  record UnderMinimumAge(int minimumYears) implements SignUpResult {}

  /** Refused for age within the cooling period of an earlier refusal from the same browser. */
  record RefusedRecently() implements SignUpResult {}

  /** Old enough only with a guardian's consent, and no usable guardian address was given. */
  record GuardianRequired(int adultYears) implements SignUpResult {}

  record InvalidEmail() implements SignUpResult {}

  record InvalidBirthDate() implements SignUpResult {}

  record WeakPassword(String reason) implements SignUpResult {}
}
