package dev.privacyfirst.email.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.email.domain.SesFeedback;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an SES notification as SNS delivers it: event publishing ({@code eventType}) or feedback
 * notifications ({@code notificationType}), both with {@code bounce} / {@code complaint} objects.
 */
public final class SesEventParser {
  private SesEventParser() {}

  public static SesFeedback parse(String snsMessage) {
    JsonNode root;
    try {
      root = JsonStreams.readTree(snsMessage, false);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the SNS message is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the SNS message is not a JSON object");
    }
    String type = root.path("eventType").asText(root.path("notificationType").asText(""));
    String messageId = root.path("mail").path("messageId").asText("unknown");
    return switch (type) {
      case "Bounce" -> {
        JsonNode bounce = root.path("bounce");
        yield new SesFeedback.Bounce(
            bounce.path("feedbackId").asText(messageId + "-bounce"),
            "Permanent".equals(bounce.path("bounceType").asText()),
            addresses(bounce.path("bouncedRecipients")));
      }
      case "Complaint" -> {
        JsonNode complaint = root.path("complaint");
        yield new SesFeedback.Complaint(
            complaint.path("feedbackId").asText(messageId + "-complaint"),
            addresses(complaint.path("complainedRecipients")));
      }
      default -> new SesFeedback.Other(type);
    };
  }

  private static List<String> addresses(JsonNode recipients) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : recipients) {
      String address = r.path("emailAddress").asText("");
      if (!address.isBlank()) {
        out.add(address);
      }
    }
    return out;
  }
}
