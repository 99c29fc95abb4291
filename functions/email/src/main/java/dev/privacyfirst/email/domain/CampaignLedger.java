package dev.privacyfirst.email.domain;

import java.time.Instant;

/** Per-(campaign, recipient) send records, written with conditional puts (port). */
public interface CampaignLedger {
  enum State {
    /** Claimed and about to be handed to SES; if a run stops here the outcome is unknown. */
    SENDING,
    SENT,
    SKIPPED
  }

  /**
   * Records the campaign's definition on first run; a later run must present the same definition
   * (same fingerprint) so a resumed campaign cannot change what half its audience received.
   *
   * @throws CampaignConflict if the id was used for a different definition
   */
  void begin(String campaignId, String fingerprint, Instant at);

  /**
   * Claims a recipient: writes {@link State#SENDING} only if no record exists.
   *
   * @return null if this call claimed it, else the state already recorded
   */
  State claim(String campaignId, String accountId, Instant at);

  void finish(String campaignId, String accountId, State state, String detail, Instant at);

  /**
   * Deletes up to {@code limit} of the send records about this account (found by an index on the
   * recipient, never a scan); returns how many were deleted. Fewer than {@code limit}: none left.
   */
  int forgetRecipient(String accountId, int limit);

  /** One send record about an account: which campaign, what became of it, and when. */
  record Sent(String campaignId, State state, Instant at) {}

  /**
   * The send records about this account, for its export (found by the index on the recipient, never
   * a scan).
   */
  java.util.List<Sent> sentTo(String accountId);

  /** A campaign id reused for another message. */
  final class CampaignConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CampaignConflict(String message) {
      super(message);
    }
  }
}
