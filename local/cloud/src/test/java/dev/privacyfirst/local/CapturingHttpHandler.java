package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A test HTTP function: remembers every event, answers with headers, cookies and JSON. */
final class CapturingHttpHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  final List<APIGatewayV2HTTPEvent> events = new CopyOnWriteArrayList<>();
  final List<Context> contexts = new CopyOnWriteArrayList<>();
  final AtomicInteger constructed = new AtomicInteger();

  CapturingHttpHandler constructedNow() {
    constructed.incrementAndGet();
    return this;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    events.add(event);
    contexts.add(context);
    if (event.getPathParameters() != null && "boom".equals(event.getPathParameters().get("id"))) {
      throw new IllegalStateException("ann@example.org made it fail");
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(201)
        .withHeaders(Map.of("content-type", "application/json", "x-test", "yes"))
        .withCookies(List.of("a=1; Path=/; HttpOnly", "b=2; Path=/"))
        .withBody("{\"ok\":true}")
        .withIsBase64Encoded(false)
        .build();
  }

  APIGatewayV2HTTPEvent last() {
    return events.get(events.size() - 1);
  }
}
