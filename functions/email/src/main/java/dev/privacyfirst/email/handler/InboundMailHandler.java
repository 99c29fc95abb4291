package dev.privacyfirst.email.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.adapter.SesInboundParser;
import dev.privacyfirst.email.domain.InboundMail;
import dev.privacyfirst.email.domain.MailtoUnsubscribe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail received at the unsubscribe mailbox (the mailto alternative of {@code List-Unsubscribe}),
 * delivered by the SES receipt rule's SNS action. A store failure is rethrown so Lambda retries the
 * delivery (unsubscribing is idempotent); a message without a valid token, or one that cannot be
 * read, is counted by reason and dropped, because no retry can change it. Nothing about the message
 * (addresses, subject, token) is logged.
 */
public final class InboundMailHandler implements RequestStreamHandler {
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
    int unsubscribed = 0;
    int noToken = 0;
    int invalid = 0;
    int unreadable = 0;
    for (String message : messages) {
      InboundMail mail;
      try {
        mail = SesInboundParser.parseNotification(message);
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
