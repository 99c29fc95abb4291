package dev.privacyfirst.accounts.domain;

import java.time.Instant;

/**
 * An account's consent choices. Both opt-outs are off until the user turns them on (the policies
 * are opt-out); {@code updatedAt} is null until the first change.
 *
 * @param shareWithThirdPartiesOptOut no personal information shared with third parties
 * @param trackingOptOut no event tracking of this account (reaches the events module's opt-out)
 */
public record Consents(
    boolean shareWithThirdPartiesOptOut, boolean trackingOptOut, Instant updatedAt) {
  public static final Consents DEFAULT = new Consents(false, false, null);
}
