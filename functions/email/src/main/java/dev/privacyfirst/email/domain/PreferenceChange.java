package dev.privacyfirst.email.domain;

import java.util.Map;

/**
 * A change to preferences; absent parts stay as they are.
 *
 * @param categories promotional category id to subscribed (true) or refused (false)
 * @param allPromotionalRefused refuse (true) or allow again (false) all promotional mail, or null
 * @param trackingRefused refuse (true) or allow (false) the open pixel, or null
 */
public record PreferenceChange(
    Map<String, Boolean> categories, Boolean allPromotionalRefused, Boolean trackingRefused) {
  public PreferenceChange {
    categories = Map.copyOf(categories);
  }
}
