package dev.privacyfirst.email.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.adapter.SesEventParser;
import dev.privacyfirst.email.domain.FeedbackProcessor;
import dev.privacyfirst.email.domain.SesFeedback;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SES bounce and complaint notifications, delivered by SNS. A store failure is rethrown so Lambda
 * retries the delivery (recording is idempotent); a message that is not an SES notification at all
 * is logged by type only and dropped, because no retry can make it readable.
 */
public final class SesNotificationsHandler implements RequestHandler<SNSEvent, String> {
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

  @Override
  public String handleRequest(SNSEvent event, Context context) {
    int suppressed = 0;
    int unreadable = 0;
    if (event == null || event.getRecords() == null) {
      return "suppressed=0 unreadable=0";
    }
    for (SNSEvent.SNSRecord record : event.getRecords()) {
      SesFeedback parsed;
      try {
        parsed = SesEventParser.parse(record.getSNS() == null ? "" : nullToEmpty(record.getSNS()));
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

  private static String nullToEmpty(SNSEvent.SNS sns) {
    return sns.getMessage() == null ? "" : sns.getMessage();
  }
}
