package dev.privacyfirst.common.session;

import java.util.Optional;

/** Where sessions live (port). */
public interface SessionStore {
  void put(Session session);

  Optional<Session> find(String tokenHash);

  void delete(String tokenHash);

  /** Revokes every session of an account; returns how many were removed. */
  int deleteAllFor(String accountId);

  /** The account's sessions (expired ones the sweep has not removed yet included). */
  java.util.List<Session> listFor(String accountId);
}
