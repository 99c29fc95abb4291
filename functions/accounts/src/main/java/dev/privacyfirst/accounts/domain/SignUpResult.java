package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/** The outcome of a sign-up. Every outcome but {@link Created} wrote nothing. */
public sealed interface SignUpResult {
  record Created(String id, String email, Instant createdAt) implements SignUpResult {}

  record EmailTaken() implements SignUpResult {}

  record UnderMinimumAge(int minimumYears) implements SignUpResult {}

  record InvalidEmail() implements SignUpResult {}

  record InvalidBirthDate() implements SignUpResult {}

  record WeakPassword(String reason) implements SignUpResult {}
}
