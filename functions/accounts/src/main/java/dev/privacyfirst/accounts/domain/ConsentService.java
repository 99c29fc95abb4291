package dev.privacyfirst.accounts.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consents: opting out of sharing with third parties, opting out of tracking, and revoking
 * third-party application grants, each change recorded with its time. The tracking opt-out is
 * written to the events module's opt-out first, then recorded here: a failure in between leaves a
 * stronger opt-out than recorded, never a weaker one, and repeating the request completes it.
 */
public final class ConsentService {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentService.class);
  public static final String SHARE = "shareWithThirdPartiesOptOut";
  public static final String TRACKING = "trackingOptOut";
  public static final String GRANT = "grant";

  private final ConsentStore store;
  private final ConsentRestrictions events;
  private final Clock clock;

  public ConsentService(ConsentStore store, ConsentRestrictions events, Clock clock) {
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  public ConsentsView view(String accountId) {
    return new ConsentsView(
        store.find(accountId).orElse(Consents.DEFAULT),
        store.grants(accountId),
        store.history(accountId));
  }

  /** Applies the changes; values equal to the current ones are not recorded as changes. */
  public ConsentsView update(String accountId, ConsentPatch patch) {
    Instant now = now();
    Consents before = store.find(accountId).orElse(Consents.DEFAULT);
    // The events side is idempotent and always pushed, so a retry after a partial failure heals.
    if (patch.trackingOptOut() != null) {
      events.set(accountId, ConsentRestrictions.Kind.TRACKING, patch.trackingOptOut());
    }
    if (patch.shareWithThirdPartiesOptOut() != null) {
      events.set(accountId, ConsentRestrictions.Kind.SHARING, patch.shareWithThirdPartiesOptOut());
    }
    boolean share =
        Optional.ofNullable(patch.shareWithThirdPartiesOptOut())
            .orElse(before.shareWithThirdPartiesOptOut());
    boolean tracking = Optional.ofNullable(patch.trackingOptOut()).orElse(before.trackingOptOut());
    List<ConsentChange> changes = new ArrayList<>();
    if (share != before.shareWithThirdPartiesOptOut()) {
      changes.add(new ConsentChange(SHARE, Boolean.toString(share), null, now));
    }
    if (tracking != before.trackingOptOut()) {
      changes.add(new ConsentChange(TRACKING, Boolean.toString(tracking), null, now));
    }
    if (!changes.isEmpty()) {
      store.record(accountId, new Consents(share, tracking, now), changes);
      LOG.info("consents changed: {}", changes.stream().map(ConsentChange::consent).toList());
    }
    return view(accountId);
  }

  /** Records a grant to a third-party application (the OAuth flow that calls this is not built). */
  public Grant grant(String accountId, String application, List<String> scopes) {
    Instant now = now();
    Grant grant = new Grant(UUID.randomUUID().toString(), application, scopes, now);
    store.addGrant(accountId, grant, new ConsentChange(GRANT, "granted", grant.grantId(), now));
    return grant;
  }

  /** Revokes a grant; false when the account holds no such grant. */
  public boolean revoke(String accountId, String grantId) {
    boolean revoked =
        store.revokeGrant(accountId, grantId, new ConsentChange(GRANT, "revoked", grantId, now()));
    if (revoked) {
      LOG.info("application grant revoked");
    }
    return revoked;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
