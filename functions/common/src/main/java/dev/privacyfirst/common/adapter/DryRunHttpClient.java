package dev.privacyfirst.common.adapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The container's HTTP client: sends every request through {@code wire}, except a {@link DryRun}
 * request, which it answers itself with a JSON success (the dry run's answer, by default {@code
 * {}}, a valid answer of every JSON-protocol operation, all of whose output fields are optional)
 * after reading the request body as a real client would. Nothing marked as a dry run ever leaves
 * the JVM.
 */
final class DryRunHttpClient implements SdkHttpClient {
  private final SdkHttpClient wire;

  DryRunHttpClient(SdkHttpClient wire) {
    this.wire = wire;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    if (request.httpRequest().firstMatchingHeader(DryRun.HEADER).isEmpty()) {
      return wire.prepareRequest(request);
    }
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        if (request.contentStreamProvider().isPresent()) {
          try (InputStream body = request.contentStreamProvider().get().newStream()) {
            body.transferTo(OutputStream.nullOutputStream());
          }
        }
        byte[] answer = DryRun.answer();
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(200)
                    .putHeader(DryRun.HEADER, DryRun.ANSWERED)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", Integer.toString(answer.length))
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public String clientName() {
    return wire.clientName();
  }

  @Override
  public void close() {
    wire.close();
  }
}
