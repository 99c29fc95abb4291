package dev.privacyfirst.retention.domain;

import dev.privacyfirst.rights.domain.AccountAddresses;
import dev.privacyfirst.rights.domain.AccountNotices;
import dev.privacyfirst.rights.domain.BroadcastStore;
import dev.privacyfirst.rights.domain.Notice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A transactional notice to every active account (a policy change that reduces rights, a change of
 * control): accounts are read through the contract directory's index of active accounts, never a
 * scan; sending is throttled; progress is saved after every account, so an invocation that stops
 * (deadline, crash) is continued by invoking again with the same id, and nobody is sent the notice
 * twice except the one account in flight at a crash. Every notice ends with the choices the storage
 * policy promises: review the consents, export, or delete the account.
 */
public final class NoticeBroadcast {
  /** The categories a broadcast may use: transactional notices everyone must receive. */
  public static final Set<String> CATEGORIES = Set.of("policy-change", "change-of-control");

  private static final int PAGE = 50;
  private final AccountAddresses directory;
  private final AccountNotices notices;
  private final BroadcastStore progress;
  private final String publicBaseUrl;
  private final Duration pause;
  private final Sleeper sleeper;
  private final Clock clock;

  public NoticeBroadcast(
      AccountAddresses directory,
      AccountNotices notices,
      BroadcastStore progress,
      String publicBaseUrl,
      double perSecond,
      Sleeper sleeper,
      Clock clock) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("the send rate must be positive");
    }
    this.directory = directory;
    this.notices = notices;
    this.progress = progress;
    this.publicBaseUrl = publicBaseUrl;
    this.pause = Duration.ofNanos((long) (1_000_000_000L / perSecond));
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** Waits between sends (port; a real sleep in production). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public record Report(long sent, boolean finished) {}

  /** Sends (or continues sending) the notice until every active account has it or the deadline. */
  public Report run(String broadcastId, Notice notice, Instant deadline) {
    if (!CATEGORIES.contains(notice.category())) {
      throw new IllegalArgumentException(
          "a broadcast is a policy-change or change-of-control notice");
    }
    if (broadcastId == null || !broadcastId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("broadcastId must be 1-64 letters, digits, . _ -");
    }
    Notice withChoices = withChoices(notice);
    BroadcastStore.Progress at =
        progress.find(broadcastId).orElse(new BroadcastStore.Progress(null, 0, false));
    if (at.finished()) {
      return new Report(at.sent(), true);
    }
    String cursor = at.cursor();
    long sent = at.sent();
    while (true) {
      AccountAddresses.ActivePage page = directory.active(cursor, PAGE);
      for (int i = 0; i < page.accountIds().size(); i++) {
        if (!clock.instant().isBefore(deadline)) {
          return new Report(sent, false);
        }
        String accountId = page.accountIds().get(i);
        notices.send(accountId, withChoices);
        sent++;
        progress.save(broadcastId, new BroadcastStore.Progress(accountId, sent, false));
        pause();
      }
      if (page.cursor() == null) {
        progress.save(broadcastId, new BroadcastStore.Progress(null, sent, true));
        return new Report(sent, true);
      }
      cursor = page.cursor();
    }
  }

  private Notice withChoices(Notice notice) {
    List<String> paragraphs = new ArrayList<>(notice.paragraphs());
    paragraphs.add(
        "Your choices: review your consents at "
            + publicBaseUrl
            + "/v1/me/consents, export everything we hold about you with POST "
            + publicBaseUrl
            + "/v1/me/export, or delete your account with DELETE "
            + publicBaseUrl
            + "/v1/me.");
    return new Notice(notice.category(), notice.subject(), paragraphs);
  }

  private void pause() {
    try {
      sleeper.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pacing the broadcast", e);
    }
  }
}
