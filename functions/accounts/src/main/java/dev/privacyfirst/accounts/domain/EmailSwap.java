package dev.privacyfirst.accounts.domain;

/**
 * An address kept aside on an account while a change of address is in flight: the new address
 * waiting for its verification, or the old one that the owner can still go back to. Sealed under
 * the account's key, with its keyed-hash lookup and the SHA-256 of the single-use token that
 * completes the step (a newer request replaces it, so an older link stops working).
 */
public record EmailSwap(String sealedEmail, String emailLookup, String tokenHash) {
  /** Which slot of the account the address is kept in. */
  public enum Slot {
    /** The new address, until its owner follows the verification link. */
    PENDING,
    /** The old address, while its owner can undo the change. */
    UNDO
  }
}
