package dev.privacyfirst.accounts.domain;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A profile as stored: every value sealed (the handle too; only its lookup item holds it in clear),
 * visibilities in clear (they are not personal data).
 *
 * @param sealedValues field → sealed value; absent fields are not set
 * @param visibility field → visibility; absent means private
 * @param sealedHandle the sealed handle, or null when there is none
 * @param updatedAt last change
 */
public record StoredProfile(
    Map<ProfileField, String> sealedValues,
    Map<ProfileField, Visibility> visibility,
    String sealedHandle,
    Instant updatedAt) {

  public StoredProfile {
    sealedValues = sealedValues.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(sealedValues));
    visibility = visibility.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(visibility));
  }

  public static final StoredProfile EMPTY = new StoredProfile(Map.of(), Map.of(), null, null);
}
