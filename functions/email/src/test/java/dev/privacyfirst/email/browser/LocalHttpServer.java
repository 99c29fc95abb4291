package dev.privacyfirst.email.browser;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Serves an HTTP function over real HTTP, mapping requests to API Gateway v2 events. */
final class LocalHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicReference<HttpApiHandler> handler = new AtomicReference<>();

  LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void use(HttpApiHandler h) {
    handler.set(h);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
      event.setRouteKey(method + " " + path);
      event.setRawPath(path);
      event.setRawQueryString(query == null ? "" : query);
      Map<String, String> params = new HashMap<>();
      if (query != null) {
        for (String pair : query.split("&")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            params.put(
                URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      event.setQueryStringParameters(params);
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      event.setHeaders(headers);
      event.setBody(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      event.setIsBase64Encoded(false);
      APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
      APIGatewayV2HTTPEvent.RequestContext.Http http =
          new APIGatewayV2HTTPEvent.RequestContext.Http();
      http.setMethod(method);
      http.setPath(path);
      http.setSourceIp("127.0.0.1");
      context.setHttp(http);
      context.setRequestId("local");
      event.setRequestContext(context);
      HttpResponse response = handler.get().handle(event);
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(
          response.status(), response.body().length == 0 ? -1 : response.body().length);
      if (response.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
