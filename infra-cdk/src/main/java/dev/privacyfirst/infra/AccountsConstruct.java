package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * Accounts, sessions and the account lifecycle: the Accounts table, the per-user keys and the
 * sessions; the subject-rights contract's table (deletion requests, restrictions, the account
 * directory, export jobs). Nothing of another capability: notices and export runs are asynchronous
 * invocations the stack grants from the topology's {@code Functions.INVOKES}.
 */
public final class AccountsConstruct extends Construct {
  public static final String MODULE = "accounts";

  private final List<DeployedFunction> functions;

  public AccountsConstruct(Construct scope, String id, Capability.Props props) {
    super(scope, id);
    functions = Capability.deploy(this, MODULE, props, Map.of());
    RateLimitGrants.grant(props.data(), functions);
    for (DeployedFunction fn : functions) {
      props.data().grantReadWrite(fn.function(), Tables.ACCOUNTS);
      props.data().grantReadWrite(fn.function(), Tables.USER_KEYS);
      props.data().grantReadWrite(fn.function(), Tables.SESSIONS);
      // The subject-rights contract: deletion requests, restrictions, the directory, export jobs.
      props.data().grantReadWrite(fn.function(), Tables.RETENTION);
    }
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
