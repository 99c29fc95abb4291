package dev.privacyfirst.email.domain;

/**
 * The outcome of one run of a campaign.
 *
 * @param sent messages handed to SES in this run
 * @param skipped recipients skipped in this run (refused, suppressed, no address)
 * @param alreadyDone recipients a previous run sent to or skipped
 * @param uncertain recipients a previous run claimed but did not finish (crash between claim and
 *     record): not sent again, the campaign is at-most-once per recipient
 * @param remaining recipients not reached before the deadline; run again to continue
 */
public record CampaignReport(int sent, int skipped, int alreadyDone, int uncertain, int remaining) {
  public boolean complete() {
    return remaining == 0;
  }
}
