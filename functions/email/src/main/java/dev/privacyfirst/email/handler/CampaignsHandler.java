package dev.privacyfirst.email.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.json.EventPayloads;
import dev.privacyfirst.email.adapter.EmailWiring;
import dev.privacyfirst.email.domain.CampaignLedger;
import dev.privacyfirst.email.domain.CampaignReport;
import dev.privacyfirst.email.domain.CampaignRequest;
import dev.privacyfirst.email.domain.Campaigns;
import dev.privacyfirst.email.domain.MessageContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's campaign entry point (direct invoke, never a public route). Input: {@code
 * {"campaignId","category","subject","paragraphs":[...],"accountIds":[...]}}. It stops a little
 * before the Lambda deadline and reports {@code remaining}; invoking it again with the same input
 * continues where it stopped, without sending anyone the message twice.
 */
public final class CampaignsHandler implements RequestStreamHandler {
  /** Time kept back from the Lambda deadline to record the last send. */
  static final Duration SAFETY_MARGIN = Duration.ofSeconds(20);

  private final Campaigns campaigns;
  private final Clock clock;

  /** Lambda's constructor: reads the environment once. */
  public CampaignsHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public CampaignsHandler(Config config) {
    this(
        new EmailWiring(config, Clock.systemUTC(), true).campaigns(d -> Thread.sleep(d)),
        Clock.systemUTC());
  }

  public CampaignsHandler(Campaigns campaigns, Clock clock) {
    this.campaigns = campaigns;
    this.clock = clock;
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

  /**
   * The same on the payload as a map (tests). Input the operator got wrong (a field, an unknown
   * category) is answered {@code {"error":"bad_request"}}, a campaign id reused for another message
   * {@code {"error":"conflict"}}, as the other operator functions answer: thrown, either failed the
   * invocation, which Lambda retries when it was asynchronous, to the same refusal.
   */
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    try {
      return run(parse(input), context);
    } catch (IllegalArgumentException e) {
      return Map.of("error", "bad_request", "message", String.valueOf(e.getMessage()));
    } catch (CampaignLedger.CampaignConflict e) {
      return Map.of("error", "conflict", "message", String.valueOf(e.getMessage()));
    }
  }

  private Map<String, Object> run(CampaignRequest request, Context context) {
    Instant deadline =
        context == null
            ? Instant.MAX
            : clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
    CampaignReport report = campaigns.run(request, deadline);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("campaignId", request.campaignId());
    out.put("sent", report.sent());
    out.put("skipped", report.skipped());
    out.put("alreadyDone", report.alreadyDone());
    out.put("uncertain", report.uncertain());
    out.put("remaining", report.remaining());
    out.put("complete", report.complete());
    return out;
  }

  /**
   * Validates the operator's input; any problem is an IllegalArgumentException naming the field.
   */
  static CampaignRequest parse(Map<String, Object> input) {
    if (input == null) {
      throw new IllegalArgumentException("input is required");
    }
    String campaignId = text(input, "campaignId");
    String category = text(input, "category");
    String subject = text(input, "subject");
    List<String> paragraphs = strings(input, "paragraphs");
    List<String> accountIds = strings(input, "accountIds");
    return new CampaignRequest(
        campaignId, category, new MessageContent(subject, paragraphs), accountIds);
  }

  private static String text(Map<String, Object> input, String field) {
    if (!(input.get(field) instanceof String value) || value.isBlank()) {
      throw new IllegalArgumentException(field + ": a non-empty string is required");
    }
    return value;
  }

  private static List<String> strings(Map<String, Object> input, String field) {
    if (!(input.get(field) instanceof List<?> value)) {
      throw new IllegalArgumentException(field + ": an array of strings is required");
    }
    List<String> out = new ArrayList<>();
    for (Object item : value) {
      if (!(item instanceof String text)) {
        throw new IllegalArgumentException(field + ": an array of strings is required");
      }
      out.add(text);
    }
    return out;
  }
}
