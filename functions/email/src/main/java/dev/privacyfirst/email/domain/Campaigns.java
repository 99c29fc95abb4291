package dev.privacyfirst.email.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a campaign through the {@link Mailer}, paced, resumable and without duplicates.
 *
 * <p>Each recipient is claimed with a conditional put ({@code SENDING}) before the message goes to
 * SES and marked {@code SENT}/{@code SKIPPED} after. A run that stops between SES accepting a
 * message and the record being written leaves {@code SENDING} behind; a later run does not send to
 * that recipient again. So a campaign is <em>at most once</em> per recipient: after a crash one
 * person may miss one promotional message, but nobody ever gets it twice, which is the promise that
 * matters for unwanted mail. Such recipients are counted as {@code uncertain}.
 */
public final class Campaigns {
  private static final Logger LOG = LoggerFactory.getLogger(Campaigns.class);

  private final Mailer mailer;
  private final CampaignLedger ledger;
  private final Pacer pacer;
  private final Clock clock;

  public Campaigns(Mailer mailer, CampaignLedger ledger, Pacer pacer, Clock clock) {
    this.mailer = mailer;
    this.ledger = ledger;
    this.pacer = pacer;
    this.clock = clock;
  }

  /** Sends to every recipient not yet handled, stopping at the deadline. */
  public CampaignReport run(CampaignRequest request, Instant deadline) {
    mailer.category(request.categoryId());
    ledger.begin(request.campaignId(), fingerprint(request), clock.instant());
    int sent = 0;
    int skipped = 0;
    int alreadyDone = 0;
    int uncertain = 0;
    int remaining = 0;
    // The same id twice in a list must not mean two messages either.
    LinkedHashSet<String> recipients = new LinkedHashSet<>(request.accountIds());
    for (String accountId : recipients) {
      if (!clock.instant().isBefore(deadline)) {
        remaining++;
        continue;
      }
      CampaignLedger.State existing =
          ledger.claim(request.campaignId(), accountId, clock.instant());
      if (existing == CampaignLedger.State.SENDING) {
        uncertain++;
        continue;
      }
      if (existing != null) {
        alreadyDone++;
        continue;
      }
      pacer.acquire();
      SendResult result =
          mailer.send(
              new MailRequest(
                  Recipient.account(accountId),
                  request.categoryId(),
                  request.content(),
                  request.campaignId()));
      switch (result) {
        case SendResult.Sent s -> {
          ledger.finish(
              request.campaignId(),
              accountId,
              CampaignLedger.State.SENT,
              s.messageId(),
              clock.instant());
          sent++;
        }
        case SendResult.Skipped s -> {
          ledger.finish(
              request.campaignId(),
              accountId,
              CampaignLedger.State.SKIPPED,
              s.reason().name(),
              clock.instant());
          skipped++;
        }
      }
    }
    LOG.info(
        "campaign run: sent={} skipped={} alreadyDone={} uncertain={} remaining={}",
        sent,
        skipped,
        alreadyDone,
        uncertain,
        remaining);
    return new CampaignReport(sent, skipped, alreadyDone, uncertain, remaining);
  }

  static String fingerprint(CampaignRequest request) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(request.categoryId().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(request.content().subject().getBytes(StandardCharsets.UTF_8));
      for (String paragraph : request.content().paragraphs()) {
        digest.update((byte) 0);
        digest.update(paragraph.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
