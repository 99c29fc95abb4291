package dev.privacyfirst.accounts.domain;

/** The consents to change; a null member is left as it is. */
public record ConsentPatch(Boolean shareWithThirdPartiesOptOut, Boolean trackingOptOut) {
  public boolean isEmpty() {
    return shareWithThirdPartiesOptOut == null && trackingOptOut == null;
  }
}
