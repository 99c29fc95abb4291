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
    final Map<String, ThrottlePolicy.State> states = new HashMap<>();

    @Override
    public Optional<Instant> lockedUntil(String emailLookup, Instant now) {
      return Optional.ofNullable(states.get(emailLookup))
          .filter(s -> s.isLockedAt(now))
          .map(ThrottlePolicy.State::lockedUntil);
    }

    @Override
    public Optional<Instant> recordFailure(String emailLookup, Instant now) {
      var next =
          policy.afterFailure(states.getOrDefault(emailLookup, ThrottlePolicy.State.NONE), now);
      states.put(emailLookup, next);
      return next.isLockedAt(now) ? Optional.of(next.lockedUntil()) : Optional.empty();
    }

    @Override
    public void reset(String emailLookup) {
      states.remove(emailLookup);
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
