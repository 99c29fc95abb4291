package dev.privacyfirst.rights.adapter;

import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.DryRun;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.rights.domain.AccountNotices;
import dev.privacyfirst.rights.domain.Notice;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Invokes the email capability's {@code AccountNotices} function asynchronously (Lambda's event
 * invocation: queued, retried twice by Lambda on failure). The payload names the account id, never
 * an address in clear (a notice to another address carries it sealed under the account's key).
 */
public final class LambdaAccountNotices implements AccountNotices {
  private final AsyncInvocation notices;

  private LambdaAccountNotices(AsyncInvocation notices) {
    this.notices = notices;
  }

  /**
   * On the container's Lambda client (made when the first notice is sent; before a SnapStart
   * snapshot, priming makes it).
   */
  public static LambdaAccountNotices fromConfig(AwsClients aws) {
    primeBeforeSnapshot(aws);
    return new LambdaAccountNotices(AsyncInvocation.of(aws, Functions.ACCOUNT_NOTICES));
  }

  /**
   * Registers the notices' priming: before a SnapStart snapshot, the container's Lambda client is
   * built and queues a dry-run notice (answered inside the JVM, never sent), so that a restored
   * function's first notice finds the client built and its request path run. Registered when the
   * notices are made, or by {@link RightsContract#primeNotices} where they are made on first use.
   */
  static void primeBeforeSnapshot(AwsClients aws) {
    String functionName = Functions.deployedName(aws.config(), Functions.ACCOUNT_NOTICES);
    Priming.register(
        "account-notices",
        () ->
            DryRun.of(
                o ->
                    AsyncInvocation.client(aws)
                        .invoke(
                            r ->
                                r.functionName(functionName)
                                    .invocationType(InvocationType.EVENT)
                                    .payload(SdkBytes.fromUtf8String("{\"priming\":true}"))
                                    .overrideConfiguration(o))));
  }

  @Override
  public void send(String accountId, Notice notice) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("accountId", accountId);
    payload.put("category", notice.category());
    payload.put("subject", notice.subject());
    payload.put("paragraphs", notice.paragraphs());
    if (notice.sealedRecipient() != null) {
      payload.put("sealedRecipient", notice.sealedRecipient());
    }
    notices.queue(JsonStreams.write(payload), "notice could not be queued");
  }
}
