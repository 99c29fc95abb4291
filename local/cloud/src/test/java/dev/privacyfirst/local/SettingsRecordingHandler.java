package dev.privacyfirst.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.privacyfirst.common.config.Config;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test HTTP function hosted by class name, as the deployed ones are: records the settings the
 * local cloud constructed it with.
 */
public final class SettingsRecordingHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  /** The settings of every instance constructed in this JVM, in order. */
  static final List<Config> CONSTRUCTED_WITH = new CopyOnWriteArrayList<>();

  public SettingsRecordingHandler(Config config) {
    CONSTRUCTED_WITH.add(config);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
  }
}
