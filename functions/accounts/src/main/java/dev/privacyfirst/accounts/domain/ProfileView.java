package dev.privacyfirst.accounts.domain;

import java.util.Map;

/**
 * A profile opened for its owner.
 *
 * @param values the fields that are set, in clear
 * @param visibility every field's visibility (private unless made public)
 * @param handle the public handle, or null
 */
public record ProfileView(
    Map<ProfileField, String> values, Map<ProfileField, Visibility> visibility, String handle) {

  public ProfileView {
    values = Map.copyOf(values);
    visibility = Map.copyOf(visibility);
  }

  @Override
  public String toString() {
    return "ProfileView[redacted]";
  }
}
