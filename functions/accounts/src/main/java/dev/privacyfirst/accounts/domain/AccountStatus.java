package dev.privacyfirst.accounts.domain;

/**
 * Where an account is in its life. Only {@link #ACTIVE} accounts sign in; the retention work may
 * let a {@link #DELETION_PENDING} account sign in again to cancel its deletion through an {@link
 * InactiveAccountSignIn} hook. An {@link #UNVERIFIED} account (its address not yet proved) can only
 * be verified, and is discarded when its verification window ends; an account {@link
 * #AWAITING_GUARDIAN} (a minor's, address verified) waits for a guardian's consent.
 */
public enum AccountStatus {
  UNVERIFIED,
  AWAITING_GUARDIAN,
  ACTIVE,
  DELETION_PENDING,
  DELETED;

  public boolean allowsSignIn() {
    return this == ACTIVE;
  }

  /** The stored form ("active", "deletion_pending", "deleted"). */
  public String stored() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static AccountStatus fromStored(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
