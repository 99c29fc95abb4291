package dev.privacyfirst.accounts.domain;

/**
 * Told when an account is created, with the keyed hash of its address: an address whose data was
 * erased earlier is suppressed for good, and signing up again is the person asking to be mailed
 * again, so the email capability lifts that marker (port).
 */
@FunctionalInterface
public interface ReturningAddress {
  ReturningAddress NONE = emailLookup -> {};

  void signedUp(String emailLookup);
}
