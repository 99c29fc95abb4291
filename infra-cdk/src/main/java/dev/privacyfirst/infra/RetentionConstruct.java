package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * Retention purges and the operator entry point: every table (deletion spans all of them) and
 * deletion of objects and object versions in every bucket, with listing to find them.
 */
public final class RetentionConstruct extends Construct {
  public static final String MODULE = "retention";

  private final List<DeployedFunction> functions;

  public RetentionConstruct(Construct scope, String id, Capability.Props props) {
    super(scope, id);
    functions = Capability.deploy(this, MODULE, props, Map.of());
    DataConstruct data = props.data();
    for (DeployedFunction fn : functions) {
      Tables.ALL.forEach(table -> data.grantReadWrite(fn.function(), table));
      Buckets.ALL.forEach(
          bucket -> {
            data.grantObjects(
                fn.function(), bucket, "*", List.of("s3:DeleteObject", "s3:DeleteObjectVersion"));
            data.grantBucket(
                fn.function(), bucket, List.of("s3:ListBucket", "s3:ListBucketVersions"));
          });
    }
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
