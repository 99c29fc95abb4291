package dev.privacyfirst.accounts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.testkit.Race;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountRepository} does, run against DynamoDB Local and against the in-memory
 * one the domain's unit tests use. A store may be shared with other tests: each test uses fresh ids
 * and lookups, reads the expiry index only before a moment of its own far in the past, and discards
 * the unverified accounts it made.
 */
public abstract class AccountRepositoryContract {
  private static final SecureRandom RANDOM = new SecureRandom();

  protected abstract AccountRepository repository();

  protected AccountRepository accounts;
  private final List<String> unverified = new ArrayList<>();
  protected final Instant now = Instant.parse("2026-03-10T12:00:00Z");

  @BeforeEach
  void open() {
    accounts = repository();
  }

  @AfterEach
  void close() {
    unverified.forEach(accounts::discardUnverified);
  }

  protected static String lookup() {
    return "lookup-" + UUID.randomUUID();
  }

  protected static Account account(String lookup, AccountStatus status) {
    return new Account(
        "acct-" + UUID.randomUUID(),
        "sealed-" + lookup,
        lookup,
        "hash",
        Instant.parse("2026-03-01T00:00:00Z"),
        status);
  }

  /** A moment far in the past no other test uses: the expiry index before it holds this test's. */
  protected static Instant ancient() {
    return Instant.parse("1971-01-01T00:00:00Z")
        .plus(Duration.ofMinutes(RANDOM.nextInt(20 * 365 * 24 * 60)));
  }

  protected Account unverified(String lookup, Instant verifyBy, String guardian) {
    Account account = account(lookup, AccountStatus.UNVERIFIED);
    unverified.add(account.id());
    accounts.createUnverified(account, verifyBy, guardian);
    return account;
  }

  @Test
  void anAccountIsFoundByIdAndByItsLookupAndAnAddressIsTakenOnce() {
    String lookup = lookup();
    Account first = account(lookup, AccountStatus.ACTIVE);
    Account second = account(lookup, AccountStatus.ACTIVE);

    assertThat(accounts.create(first)).isTrue();
    assertThat(accounts.create(second)).isFalse();
    assertThat(accounts.create(first)).isFalse();

    assertThat(accounts.find(first.id())).contains(first);
    assertThat(accounts.find(second.id())).isEmpty();
    assertThat(accounts.findIdByEmailLookup(lookup)).contains(first.id());
    assertThat(accounts.findIdByEmailLookup(lookup())).isEmpty();
  }

  @Test
  void twoSignUpsRacingForOneAddressLeaveExactlyOneAccount() throws Exception {
    String lookup = lookup();
    Account a = account(lookup, AccountStatus.ACTIVE);
    Account b = account(lookup, AccountStatus.ACTIVE);

    List<Boolean> created = Race.of(() -> accounts.create(a), () -> accounts.create(b));

    assertThat(created).containsExactlyInAnyOrder(true, false);
    String winner = accounts.findIdByEmailLookup(lookup).orElseThrow();
    String loser = winner.equals(a.id()) ? b.id() : a.id();
    assertThat(accounts.find(loser)).isEmpty();
  }

  @Test
  void aStatusMovesOnlyFromTheStatusTheCallerSaw() {
    Account account = account(lookup(), AccountStatus.ACTIVE);
    accounts.create(account);

    assertThat(
            accounts.updateStatus(
                account.id(), AccountStatus.ACTIVE, AccountStatus.DELETION_PENDING))
        .isTrue();
    assertThat(
            accounts.updateStatus(
                account.id(), AccountStatus.ACTIVE, AccountStatus.DELETION_PENDING))
        .isFalse();
    assertThat(accounts.find(account.id()).orElseThrow().status())
        .isEqualTo(AccountStatus.DELETION_PENDING);
    accounts.updatePasswordHash(account.id(), "new-hash");
    assertThat(accounts.find(account.id()).orElseThrow().passwordHash()).isEqualTo("new-hash");
  }

  @Test
  void anUnverifiedAccountTakesNoLookupAndTheAddressNamesItsLatestPendingAccount() {
    String lookup = lookup();
    Instant verifyBy = ancient();
    Account older = unverified(lookup, verifyBy, null);
    Account latest = unverified(lookup, verifyBy.plusSeconds(1), "sealed-guardian");

    assertThat(accounts.findIdByEmailLookup(lookup)).isEmpty();
    assertThat(accounts.findPendingIdByEmailLookup(lookup)).contains(latest.id());
    assertThat(accounts.find(older.id()).orElseThrow().status())
        .isEqualTo(AccountStatus.UNVERIFIED);
    assertThat(accounts.sealedGuardian(latest.id())).contains("sealed-guardian");
    assertThat(accounts.sealedGuardian(older.id())).isEmpty();
  }

  @Test
  void verifyingTakesTheLookupOnceAndTheOtherPendingAccountOfTheAddressLoses() throws Exception {
    String lookup = lookup();
    Instant verifyBy = ancient();
    Account a = unverified(lookup, verifyBy, null);
    Account b = unverified(lookup, verifyBy, null);

    List<Boolean> verified =
        Race.of(
            () -> accounts.activate(a.id(), lookup, AccountStatus.ACTIVE, null),
            () -> accounts.activate(b.id(), lookup, AccountStatus.ACTIVE, null));

    assertThat(verified).containsExactlyInAnyOrder(true, false);
    String winner = accounts.findIdByEmailLookup(lookup).orElseThrow();
    String loser = winner.equals(a.id()) ? b.id() : a.id();
    assertThat(accounts.find(winner).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(accounts.find(loser).orElseThrow().status()).isEqualTo(AccountStatus.UNVERIFIED);
    assertThat(accounts.unverifiedDue(verifyBy, 100)).contains(loser).doesNotContain(winner);
    assertThat(accounts.activate(winner, lookup, AccountStatus.ACTIVE, null)).isFalse();
  }

  @Test
  void unverifiedAccountsAreDueOnlyOnceTheirWindowEndedAndUpToTheLimit() {
    Instant base = ancient();
    List<String> due = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      due.add(unverified(lookup(), base.plusSeconds(i), null).id());
    }
    Account later = unverified(lookup(), base.plusSeconds(3600), null);

    assertThat(accounts.unverifiedDue(base.plusSeconds(4), 100))
        .containsExactlyInAnyOrderElementsOf(due);
    assertThat(accounts.unverifiedDue(base.plusSeconds(4), 2)).hasSize(2).isSubsetOf(due);
    assertThat(accounts.unverifiedDue(base.minusSeconds(1), 100)).isEmpty();
    assertThat(accounts.unverifiedDue(base.plusSeconds(3600), 100)).contains(later.id());
  }

  @Test
  void aMinorsAccountStaysDueUntilItsGuardianConsentsAndOnlyThen() {
    String lookup = lookup();
    Instant verifyBy = ancient();
    Account minor = unverified(lookup, verifyBy, "sealed-guardian");
    Instant keepUntil = verifyBy.plus(Duration.ofDays(14));

    assertThat(accounts.recordGuardianConsent(minor.id(), verifyBy)).isFalse();
    assertThat(accounts.unverifiedDue(verifyBy, 100)).contains(minor.id());

    assertThat(accounts.activate(minor.id(), lookup, AccountStatus.AWAITING_GUARDIAN, keepUntil))
        .isTrue();
    assertThat(accounts.unverifiedDue(verifyBy, 100)).doesNotContain(minor.id());
    assertThat(accounts.unverifiedDue(keepUntil, 100)).contains(minor.id());
    assertThat(accounts.findPendingIdByEmailLookup(lookup)).isEmpty();

    assertThat(accounts.recordGuardianConsent(minor.id(), keepUntil)).isTrue();
    assertThat(accounts.recordGuardianConsent(minor.id(), keepUntil)).isFalse();
    assertThat(accounts.find(minor.id()).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(accounts.unverifiedDue(keepUntil, 100)).doesNotContain(minor.id());
    assertThat(accounts.discardUnverified(minor.id())).isFalse();
  }

  @Test
  void discardingAPendingAccountFreesOnlyWhatItHeldAndNeverAnotherAccountsAddress() {
    String lookup = lookup();
    Account holder = account(lookup, AccountStatus.ACTIVE);
    accounts.create(holder);
    Account pending = unverified(lookup, ancient(), null);
    String minorsLookup = lookup();
    Account minor = unverified(minorsLookup, ancient(), null);
    accounts.activate(minor.id(), minorsLookup, AccountStatus.AWAITING_GUARDIAN, ancient());

    assertThat(accounts.discardUnverified(pending.id())).isTrue();
    assertThat(accounts.discardUnverified(minor.id())).isTrue();
    assertThat(accounts.discardUnverified(pending.id())).isFalse();
    assertThat(accounts.discardUnverified(holder.id())).isFalse();

    assertThat(accounts.find(pending.id())).isEmpty();
    assertThat(accounts.findPendingIdByEmailLookup(lookup)).isEmpty();
    assertThat(accounts.findIdByEmailLookup(lookup)).contains(holder.id());
    assertThat(accounts.find(holder.id())).isPresent();
    assertThat(accounts.findIdByEmailLookup(minorsLookup)).isEmpty();
  }

  @Test
  void anAddressChangeMovesTheLookupAndKeepsTheOldAddressForUndo() {
    String from = lookup();
    String to = lookup();
    Account account = account(from, AccountStatus.ACTIVE);
    accounts.create(account);
    EmailSwap next = new EmailSwap("sealed-next", to, "token-1");
    EmailSwap previous = new EmailSwap(account.sealedEmail(), from, "token-2");
    accounts.stashEmail(account.id(), EmailSwap.Slot.PENDING, next);
    assertThat(accounts.stashedEmail(account.id(), EmailSwap.Slot.PENDING)).contains(next);
    assertThat(accounts.stashedEmail(account.id(), EmailSwap.Slot.UNDO)).isEmpty();

    assertThat(accounts.swapEmail(account.id(), from, next, EmailSwap.Slot.PENDING, previous))
        .isTrue();

    Account moved = accounts.find(account.id()).orElseThrow();
    assertThat(moved.emailLookup()).isEqualTo(to);
    assertThat(moved.sealedEmail()).isEqualTo("sealed-next");
    assertThat(accounts.findIdByEmailLookup(to)).contains(account.id());
    assertThat(accounts.findIdByEmailLookup(from)).isEmpty();
    assertThat(accounts.stashedEmail(account.id(), EmailSwap.Slot.PENDING)).isEmpty();
    assertThat(accounts.stashedEmail(account.id(), EmailSwap.Slot.UNDO)).contains(previous);
    // A second swap from the address it no longer uses changes nothing.
    assertThat(accounts.swapEmail(account.id(), from, next, EmailSwap.Slot.PENDING, null))
        .isFalse();
  }

  @Test
  void anAddressChangeToAnotherAccountsAddressChangesNothing() {
    String mine = lookup();
    String theirs = lookup();
    Account me = account(mine, AccountStatus.ACTIVE);
    Account them = account(theirs, AccountStatus.ACTIVE);
    accounts.create(me);
    accounts.create(them);

    assertThat(
            accounts.swapEmail(
                me.id(),
                mine,
                new EmailSwap("sealed-theirs", theirs, "token"),
                EmailSwap.Slot.PENDING,
                null))
        .isFalse();
    // Nor can an account release an address it does not hold.
    assertThat(
            accounts.swapEmail(
                me.id(),
                theirs,
                new EmailSwap("sealed-new", lookup(), "token"),
                EmailSwap.Slot.PENDING,
                null))
        .isFalse();

    assertThat(accounts.findIdByEmailLookup(theirs)).contains(them.id());
    assertThat(accounts.findIdByEmailLookup(mine)).contains(me.id());
    assertThat(accounts.find(me.id()).orElseThrow().emailLookup()).isEqualTo(mine);
  }
}
