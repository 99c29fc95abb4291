package dev.privacyfirst.accounts.domain;

import java.util.Map;
import java.util.Set;

/**
 * A JSON merge-patch of a profile, already split by intent.
 *
 * @param set fields to set to a new value
 * @param cleared fields to delete
 * @param visibility fields whose visibility changes
 * @param visibilityReset fields whose visibility returns to the default (private)
 * @param handle the new handle, or null to leave it (see {@code clearHandle})
 * @param clearHandle whether to give the handle up
 */
public record ProfilePatch(
    Map<ProfileField, String> set,
    Set<ProfileField> cleared,
    Map<ProfileField, Visibility> visibility,
    Set<ProfileField> visibilityReset,
    String handle,
    boolean clearHandle) {

  public ProfilePatch {
    set = Map.copyOf(set);
    cleared = Set.copyOf(cleared);
    visibility = Map.copyOf(visibility);
    visibilityReset = Set.copyOf(visibilityReset);
  }

  @Override
  public String toString() {
    return "ProfilePatch[redacted]";
  }
}
