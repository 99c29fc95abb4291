package dev.privacyfirst.email.domain;

/** Where preferences live (port). */
public interface PreferenceStore {
  /** The recipient's preferences, or the defaults if they never changed any. */
  Preferences get(String recipient);

  void put(Preferences preferences);

  /** Forgets the recipient's preferences; false if there were none. */
  boolean delete(String recipient);
}
