package dev.privacyfirst.rights.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The one-time backfill of the account directory for accounts created before it existed: they have
 * no entry, so notices to everyone miss them. Reads the accounts through the accounts capability's
 * own port ({@link ExistingAccounts}), writes each missing entry only if none exists (an entry
 * written at sign-up or changed since is never overwritten, and no account gets two), and saves the
 * cursor after every page so an invocation stopped by its budget continues where it stopped.
 *
 * <p>An account erased while the backfill runs could otherwise get its entry back after the purge
 * removed it: each written entry is checked against the account afterwards and removed if the
 * account is gone.
 */
public final class DirectoryBackfill {
  static final int PAGE = 25;

  private final ExistingAccounts accounts;
  private final AccountAddresses directory;
  private final Progress progress;

  public DirectoryBackfill(
      ExistingAccounts accounts, AccountAddresses directory, Progress progress) {
    this.accounts = accounts;
    this.directory = directory;
    this.progress = progress;
  }

  /** Where the backfill is (port, in the contract's table). */
  public interface Progress {
    Optional<State> load();

    void save(State state);
  }

  /**
   * @param cursor the accounts capability's cursor to continue from; null at the start
   * @param finished the whole table has been read
   * @param read accounts read so far
   * @param written entries written so far
   */
  public record State(String cursor, boolean finished, long read, long written) {
    static final State START = new State(null, false, 0, 0);
  }

  public record Report(long read, long written, boolean finished) {}

  public Report run(Instant now, Budget budget) {
    State state = progress.load().orElse(State.START);
    while (!state.finished()) {
      if (!budget.take()) {
        return new Report(state.read(), state.written(), false);
      }
      ExistingAccounts.Page page = accounts.page(state.cursor(), PAGE);
      long written = 0;
      for (ExistingAccounts.Account account : page.accounts()) {
        if (directory.registerIfAbsent(
            account.accountId(), account.sealedAddress(), account.active(), now)) {
          written++;
          if (!accounts.exists(account.accountId())) {
            directory.forget(account.accountId());
            written--;
          }
        }
      }
      state =
          new State(
              page.cursor(),
              page.cursor() == null,
              state.read() + page.accounts().size(),
              state.written() + written);
      progress.save(state);
    }
    return new Report(state.read(), state.written(), true);
  }
}
