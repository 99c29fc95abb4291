package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.constructs.Construct;

/**
 * Accounts, sessions and the account lifecycle: the Accounts table and the per-user keys; filing
 * deletion requests (Retention); the tracking and sharing opt-outs (Events); reading files and
 * email preferences for the export; writing large exports to the exports bucket (read back through
 * a presigned GET signed with the function's role); sending the deletion confirmation through the
 * mailer.
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
      props
          .data()
          .grantObjects(
              fn.function(), Buckets.EXPORTS, "exports/*", List.of("s3:PutObject", "s3:GetObject"));
      NagSuppressions.addResourceSuppressions(
          Objects.requireNonNull(fn.function().getRole()),
          List.of(
              NagPackSuppression.builder()
                  .id("AwsSolutions-IAM5")
                  .reason(
                      "Large account exports are written under exports/ of the exports bucket"
                          + " with run-time generated keys (exports/<accountId>/<random>.json),"
                          + " put and get only.")
                  .appliesTo(
                      List.of(
                          RegexAppliesTo.builder()
                              .regex(
                                  "/^Resource::<"
                                      + props.data().getNode().getId()
                                      + "[A-Za-z]*ExportsBucket[0-9A-F]{8}\\.Arn>\\/exports\\/\\*$/g")
                              .build()))
                  .build()),
          true);
      email.allowSending(fn);
    }
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
