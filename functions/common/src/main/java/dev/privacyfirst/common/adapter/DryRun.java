package dev.privacyfirst.common.adapter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * A request that goes through a client's whole request path (validation, marshalling, endpoint
 * rules, credentials, signing, interceptors) and its whole response path (status handling,
 * unmarshalling, the response interceptors), answered inside the JVM by the container's HTTP client
 * with an empty success instead of being sent. Priming exercises the SDK with it before a SnapStart
 * snapshot without calling AWS. Only clients built by {@link AwsClients#configure} answer it: they
 * carry the {@link #INTERCEPTOR}, which marks the request, and the {@link DryRunHttpClient}, which
 * answers a marked request and sends every other one.
 */
public final class DryRun {
  /** Marks a request as a dry run. */
  public static final ExecutionAttribute<Boolean> ATTRIBUTE =
      new ExecutionAttribute<>("PrivacyFirstDryRun");

  /**
   * The HTTP header that carries the mark from the request path to the HTTP client, and the answer
   * back ({@value #ANSWERED}), so that a dry run that reached the wire is reported.
   */
  static final String HEADER = "x-privacyfirst-dry-run";

  static final String ANSWERED = "answered";

  /** Puts the mark of a dry-run request on its HTTP request. */
  static final ExecutionInterceptor INTERCEPTOR =
      new ExecutionInterceptor() {
        @Override
        public SdkHttpRequest modifyHttpRequest(
            Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
          if (Boolean.TRUE.equals(attributes.getAttribute(ATTRIBUTE))) {
            return context.httpRequest().toBuilder().putHeader(HEADER, "request").build();
          }
          return context.httpRequest();
        }
      };

  /** The answer the HTTP client gives the dry run under way on this thread (sync clients). */
  private static final ThreadLocal<byte[]> ANSWER = new ThreadLocal<>();

  private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

  private DryRun() {}

  /** The body to answer the current thread's dry run with: the caller's, or {@code {}}. */
  static byte[] answer() {
    byte[] answer = ANSWER.get();
    return answer == null ? EMPTY_JSON : answer;
  }

  /**
   * Calls {@code call} with an override configuration that marks its request as a dry run, e.g.
   * {@code DryRun.of(o -> dynamo.getItem(r -> r.tableName(t).key(k).overrideConfiguration(o)))}.
   *
   * @throws IllegalStateException if the call failed, or was answered by anything other than the
   *     container's HTTP client (a client built without {@link AwsClients#configure})
   */
  public static void of(Function<AwsRequestOverrideConfiguration, ?> call) {
    of("{}", call);
  }

  /**
   * As {@link #of(Function)}, answered with {@code answer} (a JSON body of the operation's output,
   * e.g. items to unmarshal) instead of {@code {}}.
   */
  public static void of(String answer, Function<AwsRequestOverrideConfiguration, ?> call) {
    AwsRequestOverrideConfiguration marked =
        AwsRequestOverrideConfiguration.builder().putExecutionAttribute(ATTRIBUTE, true).build();
    Object result;
    ANSWER.set(answer.getBytes(StandardCharsets.UTF_8));
    try {
      result = call.apply(marked);
    } catch (RuntimeException e) {
      throw new IllegalStateException("dry run failed", e);
    } finally {
      ANSWER.remove();
    }
    SdkResponse response =
        switch (result) {
          case ResponseInputStream<?> stream -> {
            try (stream) {
              yield stream.response() instanceof SdkResponse r ? r : null;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          case SdkResponse r -> r;
          case null, default -> null;
        };
    boolean answeredHere =
        response != null
            && response
                .sdkHttpResponse()
                .firstMatchingHeader(HEADER)
                .filter(ANSWERED::equals)
                .isPresent();
    if (!answeredHere) {
      throw new IllegalStateException(
          "dry run was not answered by the dry-run HTTP client: the client lacks it");
    }
  }
}
