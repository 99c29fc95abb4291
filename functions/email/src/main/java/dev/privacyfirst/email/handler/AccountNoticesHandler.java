package dev.privacyfirst.email.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one transactional notice to an account holder ({@code Functions.ACCOUNT_NOTICES}, invoked
 * asynchronously through the subject-rights contract's {@code AccountNotices} port): input {@code
 * {"accountId","category","subject","paragraphs":[...]}}. Only transactional categories are
 * accepted here; the address is resolved from the contract's directory, never passed in clear (a
 * notice to another address, {@code "sealedRecipient"}, carries it sealed under the account's key,
 * opened here at send time). Bad input is answered (and logged) as an error without retrying:
 * Lambda would retry a thrown exception, and a retry cannot fix it; a failing dependency throws, so
 * Lambda retries.
 */
public final class AccountNoticesHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AccountNoticesHandler.class);
  private final Mailer mailer;

  /** Lambda's constructor: reads the environment once. */
  public AccountNoticesHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public AccountNoticesHandler(Config config) {
    this(new EmailWiring(config, Clock.systemUTC(), true).mailer());
  }

  public AccountNoticesHandler(Mailer mailer) {
    this.mailer = mailer;
  }

  /**
   * Lambda's entry point: the direct invocation's JSON object in, the result out ({@link
   * EventPayloads} says why a stream); a payload that is not a JSON object is a bad request.
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    EventPayloads.serveObject(input, output, payload -> handleRequest(payload, context));
  }

  /** The same on the payload as a map (tests). */
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    String accountId = text(input, "accountId");
    String category = text(input, "category");
    String subject = text(input, "subject");
    Object paragraphs = input == null ? null : input.get("paragraphs");
    if (accountId == null
        || category == null
        || subject == null
        || !(paragraphs instanceof List<?> list)) {
      return error("accountId, category, subject and paragraphs are required");
    }
    try {
      if (mailer.category(category).promotional()) {
        return error("notices are transactional; " + category + " is promotional");
      }
    } catch (IllegalArgumentException e) {
      return error("unknown category");
    }
    MessageContent content;
    try {
      content = new MessageContent(subject, list.stream().map(String::valueOf).toList());
    } catch (IllegalArgumentException e) {
      // A subject over 200 characters or of two lines, no paragraph or more than 50: thrown, it
      // failed the invocation (retried when asynchronous) instead of being answered.
      return error(e.getMessage());
    }
    String sealedRecipient = text(input, "sealedRecipient");
    SendResult result =
        mailer.send(
            new MailRequest(
                sealedRecipient == null
                    ? Recipient.account(accountId)
                    : new Recipient.Sealed(accountId, sealedRecipient),
                category,
                content,
                null));
    Map<String, Object> out = new LinkedHashMap<>();
    switch (result) {
      case SendResult.Sent sent -> out.put("sent", true);
      case SendResult.Skipped skipped -> {
        out.put("sent", false);
        out.put("reason", skipped.reason().name());
      }
    }
    LOG.info("notice of category {} handled: {}", category, out);
    return out;
  }

  private static String text(Map<String, Object> input, String name) {
    Object value = input == null ? null : input.get(name);
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  private static Map<String, Object> error(String message) {
    LOG.warn("notice refused: {}", message);
    return Map.of("error", "invalid_input", "message", message);
  }
}
