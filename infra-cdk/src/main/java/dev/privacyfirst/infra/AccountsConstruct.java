package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * Accounts, sessions and the account lifecycle: the Accounts table and the per-user keys; filing
 * deletion requests (Retention); the tracking and sharing opt-outs (Events); reading files and
 * email preferences for the export; sending the deletion confirmation through the mailer.
 */
public final class AccountsConstruct extends Construct {
  public static final String MODULE = "accounts";

  private final List<DeployedFunction> functions;

  public AccountsConstruct(
      Construct scope, String id, Capability.Props props, EmailConstruct email) {
    super(scope, id);
    functions = Capability.deploy(this, MODULE, props, Map.of());
    for (DeployedFunction fn : functions) {
      props.data().grantReadWrite(fn.function(), Tables.ACCOUNTS);
      props.data().grantReadWrite(fn.function(), Tables.USER_KEYS);
      props.data().grantReadWrite(fn.function(), Tables.RETENTION);
      props.data().grantReadWrite(fn.function(), Tables.EVENTS);
      props.data().grantRead(fn.function(), Tables.FILES);
      props.data().grantRead(fn.function(), Tables.EMAIL);
      email.allowSending(fn);
    }
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
