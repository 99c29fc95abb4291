package dev.privacyfirst.events.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.events.domain.SchemaValidator;
import dev.privacyfirst.events.domain.UserAgents;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The events functions' SnapStart priming: what every function shares, the function's own
 * User-Agent parser on a browser string (its regexes were read at init; matching is what warms),
 * and both payload schemas on a made-up event. Never calls AWS; no real visitor's data.
 */
final class EventsPriming {
  private static final String USER_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  private static final String EVENT =
      "{\"event\":\"priming\",\"properties\":{\"token\":\"priming\",\"time\":1700000000,"
          + "\"distinct_id\":\"priming\"}}";

  private EventsPriming() {}

  static void prime(AwsClients aws, UserAgents userAgents) {
    Priming.primeCommon(aws);
    userAgents.parse(USER_AGENT);
    JsonNode event;
    try {
      event = JsonStreams.readTree(EVENT, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SchemaValidator.events().validate(event);
    SchemaValidator.engage().validate(event);
  }
}
