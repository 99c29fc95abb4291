package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Routes;
import dev.privacyfirst.common.topology.Tables;
import java.util.List;

/**
 * The per-client rate limits' table (owned by the shared code): read and written by the functions
 * that serve HTTP routes, where accounts and projects are limited, and by no other function.
 */
final class RateLimitGrants {
  private RateLimitGrants() {}

  static void grant(DataConstruct data, List<DeployedFunction> functions) {
    for (DeployedFunction fn : functions) {
      if (Routes.ALL.stream().anyMatch(r -> r.function().equals(fn.spec()))) {
        data.grantReadWrite(fn.function(), Tables.LIMITS);
      }
    }
  }
}
