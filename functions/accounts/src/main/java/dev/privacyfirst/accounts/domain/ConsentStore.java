package dev.privacyfirst.accounts.domain;

import java.util.List;
import java.util.Optional;

/** Where consents, their history and application grants live (port). */
public interface ConsentStore {
  Optional<Consents> find(String accountId);

  /** Writes the new consents and their history entries together, or nothing. */
  void record(String accountId, Consents next, List<ConsentChange> changes);

  /** Every recorded change, oldest first. */
  List<ConsentChange> history(String accountId);

  List<Grant> grants(String accountId);

  /** Stores a grant and its history entry together. */
  void addGrant(String accountId, Grant grant, ConsentChange change);

  /**
   * Removes a grant and records the revocation together.
   *
   * @return false when the account holds no such grant: nothing was written
   */
  boolean revokeGrant(String accountId, String grantId, ConsentChange change);
}
