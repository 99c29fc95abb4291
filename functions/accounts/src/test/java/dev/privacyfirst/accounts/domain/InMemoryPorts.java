package dev.privacyfirst.accounts.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** In-memory port implementations for domain unit tests (the main path uses DynamoDB). */
final class InMemoryPorts {
  private InMemoryPorts() {}

  /** Synchronised, as the store it stands for takes concurrent writers. */
  static final class Accounts implements AccountRepository {
    final Map<String, Account> byId = new HashMap<>();
    final Map<String, String> byLookup = new HashMap<>();

    @Override
    public synchronized boolean create(Account account) {
      if (byLookup.containsKey(account.emailLookup()) || byId.containsKey(account.id())) {
        return false;
      }
      byLookup.put(account.emailLookup(), account.id());
      byId.put(account.id(), account);
      return true;
    }

    @Override
    public synchronized Optional<String> findIdByEmailLookup(String emailLookup) {
      return Optional.ofNullable(byLookup.get(emailLookup));
    }

    @Override
    public synchronized Optional<Account> find(String accountId) {
      return Optional.ofNullable(byId.get(accountId));
    }

    @Override
    public synchronized boolean updateStatus(
        String accountId, AccountStatus from, AccountStatus to) {
      Account a = byId.get(accountId);
      if (a == null || a.status() != from) {
        return false;
      }
      byId.put(
          accountId,
          new Account(
              a.id(), a.sealedEmail(), a.emailLookup(), a.passwordHash(), a.createdAt(), to));
      return true;
    }

    final Map<String, String> pending = new HashMap<>();
    final Map<String, Instant> verifyBy = new HashMap<>();
    final Map<String, String> guardians = new HashMap<>();

    @Override
    public synchronized void createUnverified(
        Account account, Instant until, String sealedGuardian) {
      byId.put(account.id(), account);
      pending.put(account.emailLookup(), account.id());
      verifyBy.put(account.id(), until);
      if (sealedGuardian != null) {
        guardians.put(account.id(), sealedGuardian);
      }
    }

    @Override
    public synchronized Optional<String> findPendingIdByEmailLookup(String emailLookup) {
      return Optional.ofNullable(pending.get(emailLookup));
    }

    @Override
    public synchronized Optional<String> sealedGuardian(String accountId) {
      return Optional.ofNullable(guardians.get(accountId));
    }

    @Override
    public synchronized boolean activate(
        String accountId, String emailLookup, AccountStatus to, Instant keepUntil) {
      Account a = byId.get(accountId);
      if (a == null
          || a.status() != AccountStatus.UNVERIFIED
          || byLookup.containsKey(emailLookup)) {
        return false;
      }
      byLookup.put(emailLookup, accountId);
      if (keepUntil == null) {
        verifyBy.remove(accountId);
      } else {
        verifyBy.put(accountId, keepUntil);
      }
      pending.remove(emailLookup, accountId);
      return updateStatus(accountId, AccountStatus.UNVERIFIED, to);
    }

    @Override
    public synchronized java.util.List<String> unverifiedDue(Instant now, int limit) {
      return verifyBy.entrySet().stream()
          .filter(e -> !e.getValue().isAfter(now))
          .map(Map.Entry::getKey)
          .limit(limit)
          .toList();
    }

    @Override
    public synchronized boolean discardUnverified(String accountId) {
      Account a = byId.get(accountId);
      if (a == null
          || (a.status() != AccountStatus.UNVERIFIED
              && a.status() != AccountStatus.AWAITING_GUARDIAN)) {
        return false;
      }
      byLookup.remove(a.emailLookup(), accountId);
      byId.remove(accountId);
      verifyBy.remove(accountId);
      pending.remove(a.emailLookup(), accountId);
      return true;
    }

    @Override
    public synchronized boolean recordGuardianConsent(String accountId, Instant at) {
      if (!updateStatus(accountId, AccountStatus.AWAITING_GUARDIAN, AccountStatus.ACTIVE)) {
        return false;
      }
      verifyBy.remove(accountId);
      return true;
    }

    final Map<String, EmailSwap> stash = new HashMap<>();

    @Override
    public synchronized void stashEmail(String accountId, EmailSwap.Slot slot, EmailSwap swap) {
      stash.put(accountId + slot, swap);
    }

    @Override
    public synchronized Optional<EmailSwap> stashedEmail(String accountId, EmailSwap.Slot slot) {
      return Optional.ofNullable(stash.get(accountId + slot));
    }

    @Override
    public synchronized boolean swapEmail(
        String accountId, String fromLookup, EmailSwap to, EmailSwap.Slot clear, EmailSwap keep) {
      Account a = byId.get(accountId);
      if (a == null
          || !a.emailLookup().equals(fromLookup)
          || byLookup.containsKey(to.emailLookup())) {
        return false;
      }
      byLookup.remove(fromLookup);
      byLookup.put(to.emailLookup(), accountId);
      byId.put(
          accountId,
          new Account(
              a.id(),
              to.sealedEmail(),
              to.emailLookup(),
              a.passwordHash(),
              a.createdAt(),
              a.status()));
      stash.remove(accountId + clear);
      if (keep != null) {
        stash.put(accountId + EmailSwap.Slot.UNDO, keep);
      }
      return true;
    }

    @Override
    public synchronized void updatePasswordHash(String accountId, String passwordHash) {
      Account a = byId.get(accountId);
      byId.put(
          accountId,
          new Account(
              a.id(), a.sealedEmail(), a.emailLookup(), passwordHash, a.createdAt(), a.status()));
    }
  }

  static final class Throttle implements LoginThrottle {
    final ThrottlePolicy policy = ThrottlePolicy.DEFAULT;
    final Map<String, Long> attempts = new HashMap<>();

    private String key(String emailLookup, Instant now) {
      return emailLookup + "#" + policy.windowStart(now);
    }

    @Override
    public Optional<Instant> reserve(String emailLookup, Instant now) {
      long attempt = attempts.merge(key(emailLookup, now), 1L, Long::sum);
      return policy.allows(attempt) ? Optional.empty() : Optional.of(policy.windowEnd(now));
    }

    @Override
    public void reset(String emailLookup, Instant now) {
      attempts.remove(key(emailLookup, now));
    }
  }

  /** Tokens by hash and purpose, with the mail allowance, as the DynamoDB adapter keeps them. */
  static final class Tokens implements OneTimeTokens, MailAllowance {
    record Stored(String accountId, Instant expiresAt) {}

    final Map<String, Stored> byKey = new HashMap<>();
    final Map<String, Integer> sent = new HashMap<>();

    @Override
    public void store(String tokenHash, Purpose purpose, String accountId, Instant expiresAt) {
      byKey.put(tokenHash + purpose, new Stored(accountId, expiresAt));
    }

    @Override
    public Optional<String> consume(String tokenHash, Purpose purpose, Instant now) {
      Stored stored = byKey.get(tokenHash + purpose);
      if (stored == null || now.isAfter(stored.expiresAt())) {
        return Optional.empty();
      }
      byKey.remove(tokenHash + purpose);
      return Optional.of(stored.accountId());
    }

    @Override
    public Optional<String> peek(String tokenHash, Purpose purpose, Instant now) {
      Stored stored = byKey.get(tokenHash + purpose);
      return stored == null || now.isAfter(stored.expiresAt())
          ? Optional.empty()
          : Optional.of(stored.accountId());
    }

    @Override
    public boolean take(String emailLookup, Kind kind, java.time.LocalDate day, int perDay) {
      String key = emailLookup + day + kind;
      if (sent.getOrDefault(key, 0) >= perDay) {
        return false;
      }
      sent.merge(key, 1, Integer::sum);
      return true;
    }
  }

  /** Records what would be mailed. */
  static class Mail implements Notifier {
    final java.util.List<String> deletionConfirmations = new java.util.ArrayList<>();
    final Map<String, String> signInLinks = new HashMap<>();

    @Override
    public boolean deletionConfirmation(String accountId, DeletionTicket ticket) {
      deletionConfirmations.add(accountId + ":" + ticket.requestId());
      return true;
    }

    @Override
    public boolean signInLink(String accountId, String token, Instant expiresAt) {
      signInLinks.put(accountId, token);
      return true;
    }

    final java.util.List<String> other = new java.util.ArrayList<>();

    @Override
    public void verifyAddress(String accountId, String sealed, String token, Instant expiresAt) {
      other.add("verify:" + accountId);
    }

    @Override
    public void someoneTriedToSignUp(String accountId) {
      other.add("tried:" + accountId);
    }

    @Override
    public void accountCreated(String accountId) {
      other.add("created:" + accountId);
    }

    @Override
    public void passwordChanged(String accountId, boolean reset) {
      other.add("password:" + accountId);
    }

    @Override
    public void passwordResetLink(String accountId, String token, Instant expiresAt) {
      other.add("reset:" + accountId);
    }

    @Override
    public void signedOutEverywhere(String accountId) {
      other.add("everywhere:" + accountId);
    }

    @Override
    public void verifyNewAddress(String accountId, String sealed, String token, Instant until) {
      other.add("verify-new:" + accountId);
    }

    @Override
    public void someoneTriedToUseAddress(String accountId) {
      other.add("tried-address:" + accountId);
    }

    @Override
    public void emailChanged(String accountId, String sealed, String token, Instant until) {
      other.add("changed:" + accountId);
    }

    @Override
    public void emailNowInUse(String accountId) {
      other.add("in-use:" + accountId);
    }

    @Override
    public void emailChangeUndone(String accountId) {
      other.add("undone:" + accountId);
    }

    @Override
    public void guardianConsentRequest(
        String accountId, String sealed, String token, Instant expiresAt) {
      other.add("guardian:" + accountId);
    }
  }

  /** A hasher that counts the work it does, to show unknown emails cost as much as known ones. */
  static final class CountingHasher implements PasswordHasher {
    int verifications;

    @Override
    public String hash(String password) {
      return "hash:" + new StringBuilder(password).reverse();
    }

    @Override
    public boolean verify(String password, String hash) {
      verifications++;
      return hash.equals(hash(password));
    }

    @Override
    public void verifyAgainstDummy(String password) {
      verifications++;
    }
  }
}
