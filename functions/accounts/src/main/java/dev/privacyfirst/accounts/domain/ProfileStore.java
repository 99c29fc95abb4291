package dev.privacyfirst.accounts.domain;

import java.util.Optional;

/** Where profiles and their handle lookups live (port). */
public interface ProfileStore {
  Optional<StoredProfile> find(String accountId);

  /**
   * Writes the profile; when the handle changes, reserves {@code newHandle} (only if nobody holds
   * it) and releases {@code oldHandle}, all in one transaction.
   *
   * @param oldHandle the handle held until now, or null
   * @param newHandle the handle held from now, or null
   * @return false when {@code newHandle} is held by someone else: nothing was written
   */
  boolean save(String accountId, StoredProfile profile, String oldHandle, String newHandle);

  /** The account holding a handle. */
  Optional<String> accountIdByHandle(String handle);
}
