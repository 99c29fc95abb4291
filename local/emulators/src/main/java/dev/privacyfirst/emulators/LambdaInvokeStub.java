package dev.privacyfirst.emulators;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lambda's Invoke API for functions that invoke others (notices, export runs, the upload redrive):
 * it accepts an asynchronous invocation as Lambda does (202) and keeps what it was sent. The
 * invoked functions are tested on their own; here it has to exist, as it does on AWS and in the
 * local cloud (the jar tests and the cold-start harnesses point functions at it, and tests read
 * what a function queued to hand it to the function it named).
 */
public final class LambdaInvokeStub implements AutoCloseable {
  /** One invocation: the request path (it names the function) and the payload. */
  public record Invocation(String path, String payload) {}

  private final HttpServer server;
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  private LambdaInvokeStub(HttpServer server) {
    this.server = server;
  }

  public static LambdaInvokeStub start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LambdaInvokeStub stub = new LambdaInvokeStub(server);
    server.createContext(
        "/2015-03-31/functions/",
        exchange -> {
          try (exchange) {
            stub.invocations.add(
                new Invocation(
                    exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), UTF_8)));
            exchange.sendResponseHeaders(202, -1);
          }
        });
    server.start();
    return stub;
  }

  /** {@link #start()} for a field initialiser: a failure to listen on loopback is unchecked. */
  public static LambdaInvokeStub startUnchecked() {
    try {
      return start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the Lambda Invoke API stand-in could not listen", e);
    }
  }

  /** The value of {@code AWS_ENDPOINT_URL_LAMBDA} that points a function here. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every invocation so far, in order. */
  public List<Invocation> invocations() {
    return invocations;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
