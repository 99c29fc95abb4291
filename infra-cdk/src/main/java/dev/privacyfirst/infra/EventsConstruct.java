package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * Event tracking: the Events and daily-salts tables, and the subject-rights contract's table
 * read-only (restrictions, holds). Nothing of accounts: signed-in requests identify a person by
 * pseudonym, never through the accounts table.
 */
public final class EventsConstruct extends Construct {
  public static final String MODULE = "events";

  private final List<DeployedFunction> functions;

  public EventsConstruct(Construct scope, String id, Capability.Props props) {
    super(scope, id);
    functions = Capability.deploy(this, MODULE, props, Map.of());
    RateLimitGrants.grant(props.data(), functions);
    for (DeployedFunction fn : functions) {
      props.data().grantReadWrite(fn.function(), Tables.EVENTS);
      props.data().grantReadWrite(fn.function(), Tables.DAILY_SALTS);
      // The subject-rights contract: restrictions read at write time, legal holds.
      props.data().grantRead(fn.function(), Tables.RETENTION);
    }
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
