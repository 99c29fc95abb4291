package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/**
 * What signing in with the right password (or a sign-in link) does to an account that is not
 * active. It never cancels a deletion: during the grace window it reports the pending deletion, and
 * only {@link #cancelDeletion}, an explicit action of the owner, cancels it. The default refuses.
 */
public interface InactiveAccountSignIn {
  InactiveAccountSignIn REFUSE =
      new InactiveAccountSignIn() {
        @Override
        public Outcome onSignIn(Account account) {
          return new Outcome.Refused();
        }

        @Override
        public boolean cancelDeletion(String accountId) {
          return false;
        }
      };

  /** What the sign-in may do. */
  sealed interface Outcome {
    /** The account was reopened (e.g. a half-done deletion); the sign-in proceeds. */
    record Reopened() implements Outcome {}

    /** A deletion is pending and can still be cancelled until {@code scheduledFor}. */
    record PendingDeletion(Instant scheduledFor) implements Outcome {}

    record Refused() implements Outcome {}
  }

  Outcome onSignIn(Account account);

  /** Cancels the account's pending deletion on its owner's explicit request; false if too late. */
  boolean cancelDeletion(String accountId);
}
