package dev.privacyfirst.accounts.domain;

/**
 * What signing in with the right password does to an account that is not active. The default
 * refuses; the retention work plugs in one that cancels a pending deletion and answers {@code
 * true}, after which the sign-in proceeds.
 */
@FunctionalInterface
public interface InactiveAccountSignIn {
  InactiveAccountSignIn REFUSE = account -> false;

  /** Whether the account may sign in now (having done whatever reactivation means). */
  boolean reactivate(Account account);
}
