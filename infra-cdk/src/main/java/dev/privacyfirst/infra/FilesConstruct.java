package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * Uploads, chunk store and downloads: its tables, sessions for the API only, the per-user keys for
 * the functions that open sealed names, and object-level access to the three buckets, never s3:*.
 */
public final class FilesConstruct extends Construct {
  public static final String MODULE = "files";

  private final List<DeployedFunction> functions;

  public FilesConstruct(Construct scope, String id, Capability.Props props) {
    super(scope, id);
    functions = Capability.deploy(this, MODULE, props, Map.of());
    DataConstruct data = props.data();
    RateLimitGrants.grant(data, functions);
    for (DeployedFunction fn : functions) {
      data.grantReadWrite(fn.function(), Tables.FILES);
      data.grantReadWrite(fn.function(), Tables.CHUNKS);
      data.grantReadWrite(fn.function(), Tables.IDEMPOTENCY);
      boolean disclosure = fn.spec().equals(Functions.LAWFUL_DISCLOSURE);
      if (fn.spec().trigger() == FunctionSpec.Trigger.HTTP && !disclosure) {
        data.grantRead(fn.function(), Tables.SESSIONS);
      }
      if (disclosure) {
        // The operator route (IAM-authorised, no session) writes its audit entries and pending
        // notices into the contract's table; no public files function may write there.
        data.grantReadWrite(fn.function(), Tables.RETENTION);
      } else {
        // The subject-rights contract: legal holds (a held account cannot delete its files).
        data.grantRead(fn.function(), Tables.RETENTION);
      }
      if (AppSecrets.ENVELOPE_PURPOSES.get(AppSecrets.PERSONAL_DATA).contains(fn.spec())) {
        // File names are sealed under their owner's per-user key (created on first use).
        data.grantReadWrite(fn.function(), Tables.USER_KEYS);
      }
      // Presigned PUTs are signed with the function's role; the processor reads and removes them.
      data.grantObjects(
          fn.function(),
          Buckets.INCOMING,
          Buckets.INCOMING_PREFIX + "*",
          List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"));
      data.grantObjects(
          fn.function(),
          Buckets.VAULT,
          "*",
          List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject"));
      if (fn.spec().equals(Functions.UPLOAD_REDRIVE)) {
        // It finds the uploads whose event was lost by listing what is still under the incoming
        // bucket's upload prefix, and nothing else of it; it may invoke the processor (granted
        // with the topology's invocations).
        data.grantBucketUnder(
            fn.function(), Buckets.INCOMING, Buckets.INCOMING_PREFIX, List.of("s3:ListBucket"));
      }
      // Download copies: requested and presigned by the API, written in parts by the
      // materialiser, removed by the sweep and by deletions (multipart uploads aborted too).
      data.grantObjects(
          fn.function(),
          Buckets.EXPORTS,
          "*",
          List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"));
    }
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
