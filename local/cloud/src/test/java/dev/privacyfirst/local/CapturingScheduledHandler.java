package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test scheduled function: remembers its events, answers a small JSON summary. */
final class CapturingScheduledHandler
    implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  final List<ScheduledEvent> events = new CopyOnWriteArrayList<>();
  final List<Context> contexts = new CopyOnWriteArrayList<>();

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    events.add(event);
    contexts.add(context);
    return Map.of("purged", 0, "complete", true);
  }
}
