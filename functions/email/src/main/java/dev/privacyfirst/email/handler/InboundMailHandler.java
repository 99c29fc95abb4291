package dev.privacyfirst.email.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.adapter.SesInboundParser;
import dev.privacyfirst.email.domain.InboundMail;
import dev.privacyfirst.email.domain.MailtoUnsubscribe;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail received at the unsubscribe mailbox (the mailto alternative of {@code List-Unsubscribe}),
 * delivered by the SES receipt rule's SNS action. A store failure is rethrown so Lambda retries the
 * delivery (unsubscribing is idempotent); a message without a valid token, or one that cannot be
 * read, is counted by reason and dropped, because no retry can change it. Nothing about the message
 * (addresses, subject, token) is logged.
 */
public final class InboundMailHandler implements RequestHandler<SNSEvent, String> {
  private static final Logger LOG = LoggerFactory.getLogger(InboundMailHandler.class);

  private final MailtoUnsubscribe unsubscribe;

  /** Lambda's constructor: reads the environment once. */
  public InboundMailHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public InboundMailHandler(Config config) {
    this(new EmailWiring(config, Clock.systemUTC(), false).mailtoUnsubscribe());
  }

  public InboundMailHandler(MailtoUnsubscribe unsubscribe) {
    this.unsubscribe = unsubscribe;
  }

  @Override
  public String handleRequest(SNSEvent event, Context context) {
    int unsubscribed = 0;
    int noToken = 0;
    int invalid = 0;
    int unreadable = 0;
    if (event != null && event.getRecords() != null) {
      for (SNSEvent.SNSRecord record : event.getRecords()) {
        InboundMail mail;
        try {
          mail =
              SesInboundParser.parseNotification(
                  record.getSNS() == null ? null : record.getSNS().getMessage());
        } catch (IllegalArgumentException e) {
          unreadable++;
          continue;
        }
        switch (unsubscribe.handle(mail)) {
          case MailtoUnsubscribe.Outcome.Unsubscribed u -> unsubscribed++;
          case MailtoUnsubscribe.Outcome.Ignored(MailtoUnsubscribe.Reason reason) -> {
            switch (reason) {
              case NO_TOKEN -> noToken++;
              case INVALID_TOKEN -> invalid++;
              case UNREADABLE -> unreadable++;
            }
          }
        }
      }
    }
    String summary =
        "unsubscribed="
            + unsubscribed
            + " noToken="
            + noToken
            + " invalidToken="
            + invalid
            + " unreadable="
            + unreadable;
    LOG.info("inbound mail: {}", summary);
    return summary;
  }
}
