package dev.privacyfirst.events.rights;

import dev.privacyfirst.events.domain.OptOutKind;
import dev.privacyfirst.events.domain.OptOutStore;
import dev.privacyfirst.events.domain.TrackingPreferences;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Accounts that restricted tracking reported as opted out ({@link TrackingRestrictions}). */
final class RestrictionHonouringOptOuts implements OptOutStore {
  private final OptOutStore delegate;
  private final TrackingRestrictions restrictions;

  RestrictionHonouringOptOuts(OptOutStore delegate, TrackingRestrictions restrictions) {
    this.delegate = delegate;
    this.restrictions = restrictions;
  }

  @Override
  public Set<String> trackingOptedOut(String projectId, Collection<String> distinctIds) {
    Set<String> optedOut = new HashSet<>(delegate.trackingOptedOut(projectId, distinctIds));
    if (restrictions.firstParty(projectId)) {
      optedOut.addAll(restrictions.restricted(distinctIds));
    }
    return optedOut;
  }

  @Override
  public void setOptOut(
      String projectId, String distinctId, OptOutKind kind, boolean value, Instant now) {
    delegate.setOptOut(projectId, distinctId, kind, value, now);
  }

  @Override
  public void setDailyOptOut(
      String projectId, String distinctId, long expiresAtEpochSecond, Instant now) {
    delegate.setDailyOptOut(projectId, distinctId, expiresAtEpochSecond, now);
  }

  /** What the distinct_id itself chose; a restriction is the account's, read from the contract. */
  @Override
  public TrackingPreferences preferences(String projectId, String distinctId) {
    return delegate.preferences(projectId, distinctId);
  }
}
