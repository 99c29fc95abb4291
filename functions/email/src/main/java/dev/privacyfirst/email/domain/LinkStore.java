package dev.privacyfirst.email.domain;

import java.util.Optional;

/**
 * Where link grants are kept, under the keyed hash of the link's random id (never the id itself, so
 * a copy of the store cannot be turned back into working links).
 */
public interface LinkStore {
  void put(String idHash, LinkGrant grant);

  Optional<LinkGrant> find(String idHash);
}
