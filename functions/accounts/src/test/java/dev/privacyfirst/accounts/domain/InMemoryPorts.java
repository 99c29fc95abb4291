package dev.privacyfirst.accounts.domain;

import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.session.SessionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** In-memory port implementations for domain unit tests (the main path uses DynamoDB). */
final class InMemoryPorts {
  private InMemoryPorts() {}

  static final class Accounts implements AccountRepository {
    final Map<String, Account> byId = new HashMap<>();
    final Map<String, String> byLookup = new HashMap<>();

    @Override
    public boolean create(Account account) {
      if (byLookup.containsKey(account.emailLookup()) || byId.containsKey(account.id())) {
        return false;
      }
      byLookup.put(account.emailLookup(), account.id());
      byId.put(account.id(), account);
      return true;
    }

    @Override
    public Optional<String> findIdByEmailLookup(String emailLookup) {
      return Optional.ofNullable(byLookup.get(emailLookup));
    }

    @Override
    public Optional<Account> find(String accountId) {
      return Optional.ofNullable(byId.get(accountId));
    }

    @Override
    public boolean updateStatus(String accountId, AccountStatus from, AccountStatus to) {
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
  }

  static final class Sessions implements SessionStore {
    final Map<String, Session> byHash = new HashMap<>();

    @Override
    public void put(Session session) {
      byHash.put(session.tokenHash(), session);
    }

    @Override
    public Optional<Session> find(String tokenHash) {
      return Optional.ofNullable(byHash.get(tokenHash));
    }

    @Override
    public void delete(String tokenHash) {
      byHash.remove(tokenHash);
    }

    @Override
    public int deleteAllFor(String accountId) {
      int before = byHash.size();
      byHash.values().removeIf(s -> s.accountId().equals(accountId));
      return before - byHash.size();
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
    public boolean take(String emailLookup, java.time.LocalDate day, int perDay) {
      String key = emailLookup + day;
      if (sent.getOrDefault(key, 0) >= perDay) {
        return false;
      }
      sent.merge(key, 1, Integer::sum);
      return true;
    }
  }

  /** Records what would be mailed. */
  static final class Mail implements Notifier {
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
