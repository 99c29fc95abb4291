package dev.privacyfirst.deploycheck.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The floor of the cold-start harness: a handler that needs aws-lambda-java-core only and does
 * nothing but answer, so its time to first response is the JVM's and the launcher's share.
 */
public final class FloorHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    return Map.of("statusCode", 200, "keys", event == null ? 0 : event.size());
  }
}
