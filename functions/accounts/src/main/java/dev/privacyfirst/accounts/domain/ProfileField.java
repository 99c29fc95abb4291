package dev.privacyfirst.accounts.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The optional personal fields of a profile, each sealed under the account's data key (vault field
 * {@code "profile." + wire name}) and each with its own visibility.
 */
public enum ProfileField {
  NAME("name", 200),
  POSTAL_ADDRESS("postalAddress", 1000),
  COMPANY("company", 200),
  PHONE("phone", 40),
  BILLING_REFERENCE("billingReference", 100);

  private final String wire;
  private final int maxLength;

  ProfileField(String wire, int maxLength) {
    this.wire = wire;
    this.maxLength = maxLength;
  }

  public String wire() {
    return wire;
  }

  public int maxLength() {
    return maxLength;
  }

  /** The vault field name: binds each sealed value to its field. */
  public String vaultField() {
    return "profile." + wire;
  }

  public static Optional<ProfileField> fromWire(String name) {
    return Arrays.stream(values()).filter(f -> f.wire.equals(name)).findFirst();
  }
}
