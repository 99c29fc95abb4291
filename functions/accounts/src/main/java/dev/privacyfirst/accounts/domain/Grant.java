package dev.privacyfirst.accounts.domain;

import java.time.Instant;
import java.util.List;

/** A third-party application the user allowed to act on their account, with what it may do. */
public record Grant(String grantId, String application, List<String> scopes, Instant grantedAt) {
  public Grant {
    scopes = List.copyOf(scopes);
  }
}
