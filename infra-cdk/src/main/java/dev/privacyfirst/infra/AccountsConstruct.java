package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/** Accounts and sessions: the Accounts table and the per-user keys. */
public final class AccountsConstruct extends Construct {
  public static final String MODULE = "accounts";

  private final List<DeployedFunction> functions;

  public AccountsConstruct(Construct scope, String id, Capability.Props props) {
    super(scope, id);
    functions = Capability.deploy(this, MODULE, props, Map.of());
    for (DeployedFunction fn : functions) {
      props.data().grantReadWrite(fn.function(), Tables.ACCOUNTS);
      props.data().grantReadWrite(fn.function(), Tables.USER_KEYS);
    }
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
