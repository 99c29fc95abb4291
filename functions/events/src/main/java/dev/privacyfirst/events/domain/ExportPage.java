package dev.privacyfirst.events.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** One page of a distinct_id's data: events in time order, its profile and its preferences. */
public record ExportPage(
    List<ExportedEvent> events,
    Map<String, JsonNode> profile,
    TrackingPreferences preferences,
    String nextCursor) {
  public ExportPage {
    events = List.copyOf(events);
    profile = Map.copyOf(profile);
  }

  public record ExportedEvent(String event, long timeMs, JsonNode properties) {}
}
