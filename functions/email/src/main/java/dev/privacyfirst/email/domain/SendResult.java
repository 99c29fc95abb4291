package dev.privacyfirst.email.domain;

/** What became of one message. */
public sealed interface SendResult {
  record Sent(String messageId) implements SendResult {}

  record Skipped(Reason reason) implements SendResult {}

  enum Reason {
    /** The recipient refused this category or all promotional mail. */
    REFUSED,
    /** The address bounced permanently, or complained (promotional mail only). */
    SUPPRESSED,
    /** No deliverable address is known (account gone or its key destroyed). */
    NO_ADDRESS,
    /**
     * The account restricted promotional mail through the subject-rights contract (its deletion is
     * pending, for instance).
     */
    RESTRICTED
  }
}
