package dev.privacyfirst.testkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sample events of {@code events/<FunctionId>/}, loaded from the test class path (the root pom
 * puts the folder there as {@code events/}), so no test depends on its working directory.
 */
public final class SampleEvents {
  private SampleEvents() {}

  /** The class-path resource name of a sample event. */
  public static String resource(String functionId, String file) {
    return "events/" + functionId + "/" + file;
  }

  /** The sample's text, exactly as stored. */
  public static String text(String functionId, String file) {
    String name = resource(functionId, file);
    try (InputStream in = SampleEvents.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample event " + name + " on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An API Gateway HTTP API (payload 2.0) sample, as Lambda's serializer reads it. */
  public static APIGatewayV2HTTPEvent httpApi(String functionId, String file) {
    return EventLoader.loadApiGatewayHttpEvent(resource(functionId, file));
  }

  public static S3Event s3(String functionId, String file) {
    return EventLoader.loadS3Event(resource(functionId, file));
  }

  public static ScheduledEvent scheduled(String functionId, String file) {
    return EventLoader.loadScheduledEvent(resource(functionId, file));
  }
}
