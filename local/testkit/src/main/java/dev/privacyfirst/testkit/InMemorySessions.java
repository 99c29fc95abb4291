package dev.privacyfirst.testkit;

import dev.privacyfirst.common.session.Session;
import dev.privacyfirst.common.session.SessionStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session port in memory, for domain unit tests (the one copy: the authenticator's tests and
 * the accounts domain's tests share it). {@link #tokenHashes()} shows what is stored.
 */
public final class InMemorySessions implements SessionStore {
  private final Map<String, Session> byHash = new ConcurrentHashMap<>();

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

  @Override
  public List<Session> listFor(String accountId) {
    return byHash.values().stream().filter(s -> s.accountId().equals(accountId)).toList();
  }

  /** The stored sessions' token hashes (a snapshot). */
  public java.util.Set<String> tokenHashes() {
    return java.util.Set.copyOf(byHash.keySet());
  }
}
