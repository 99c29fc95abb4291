package dev.privacyfirst.email.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.adapter.SesEventParser;
import dev.privacyfirst.email.domain.FeedbackProcessor;
import dev.privacyfirst.email.domain.SesFeedback;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SES bounce and complaint notifications, delivered by SNS. A store failure is rethrown so Lambda
 * retries the delivery (recording is idempotent); a message that is not an SES notification at all
 * is logged by type only and dropped, because no retry can make it readable.
 */
public final class SesNotificationsHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SesNotificationsHandler.class);

  private final FeedbackProcessor feedback;

  /** Lambda's constructor: reads the environment once. */
  public SesNotificationsHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public SesNotificationsHandler(Config config) {
    this(new EmailWiring(config, Clock.systemUTC(), false).feedback());
  }

  public SesNotificationsHandler(FeedbackProcessor feedback) {
    this.feedback = feedback;
  }

  /**
   * Lambda's entry point: SNS's delivery as JSON in, the summary out ({@link EventPayloads} says
   * why a stream); a failure is rethrown, so the delivery is retried, without its messages.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveEvent(input, output, event -> handle(EventPayloads.snsMessages(event)));
  }

  /** The same on the runtime's event class (tests). */
  public String handleRequest(SNSEvent event, Context context) {
    return handle(EventPayloads.snsMessages(event));
  }

  private String handle(List<String> messages) {
    int suppressed = 0;
    int unreadable = 0;
    for (String message : messages) {
      SesFeedback parsed;
      try {
        parsed = SesEventParser.parse(message == null ? "" : message);
      } catch (IllegalArgumentException e) {
        unreadable++;
        LOG.warn("dropped an SNS message that is not an SES notification");
        continue;
      }
      suppressed += feedback.apply(parsed);
    }
    LOG.info("SES feedback: suppressed={} unreadable={}", suppressed, unreadable);
    return "suppressed=" + suppressed + " unreadable=" + unreadable;
  }
}
