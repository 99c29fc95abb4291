package dev.privacyfirst.email.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.json.JsonStreams;
import dev.privacyfirst.email.domain.InboundMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads received mail as the SES receipt rule's SNS action delivers it: a JSON notification with
 * {@code notificationType: "Received"}, the envelope recipients in {@code receipt.recipients} and
 * the raw RFC 5322 message in {@code content} (base64 or UTF-8, as the action's encoding says). The
 * message is parsed with Jakarta Mail (Angus), headers only: the body is never read.
 */
public final class SesInboundParser {
  private SesInboundParser() {}

  /**
   * The largest message read. The SNS action delivers messages up to 150 KB (larger ones are not
   * published); the local cloud refuses larger ones at its door.
   */
  public static final int MAX_MESSAGE_BYTES = 150 * 1024;

  private static final int MAX_RECIPIENTS = 50;

  /** The SNS message of an SES receipt notification (IllegalArgumentException if it is not one). */
  public static InboundMail parseNotification(String snsMessage) {
    if (snsMessage == null || snsMessage.length() > 2 * MAX_MESSAGE_BYTES + 64 * 1024) {
      throw new IllegalArgumentException("missing or oversized notification");
    }
    JsonNode root;
    try {
      root = JsonStreams.readTree(snsMessage, false);
    } catch (IOException e) {
      // Without the parser's exception: its message quotes the text (a person's mail).
      throw new IllegalArgumentException("not JSON");
    }
    if (root == null || !"Received".equals(root.path("notificationType").asText())) {
      throw new IllegalArgumentException("not an SES receipt notification");
    }
    List<String> envelope = new ArrayList<>();
    for (JsonNode recipient : root.path("receipt").path("recipients")) {
      if (recipient.isTextual() && envelope.size() < MAX_RECIPIENTS) {
        envelope.add(recipient.asText());
      }
    }
    JsonNode content = root.path("content");
    if (!content.isTextual()) {
      // No content (the action omits it): the envelope still carries the token's address.
      return new InboundMail(
          envelope, root.path("mail").path("commonHeaders").path("subject").asText(""));
    }
    byte[] raw;
    if ("BASE64".equalsIgnoreCase(root.path("receipt").path("action").path("encoding").asText())) {
      try {
        raw = Base64.getMimeDecoder().decode(content.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("content is not base64");
      }
    } else {
      raw = content.asText().getBytes(StandardCharsets.UTF_8);
    }
    return parseRaw(raw, envelope);
  }

  /**
   * A raw RFC 5322 message with the envelope recipients it was delivered to
   * (IllegalArgumentException if oversized or unreadable).
   */
  public static InboundMail parseRaw(byte[] raw, List<String> envelopeRecipients) {
    if (raw.length > MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException("message over " + MAX_MESSAGE_BYTES + " bytes");
    }
    InternetHeaders headers;
    try {
      headers = new InternetHeaders(new ByteArrayInputStream(raw));
    } catch (MessagingException e) {
      throw new IllegalArgumentException("not an RFC 5322 message");
    }
    List<String> recipients = new ArrayList<>(envelopeRecipients);
    for (String name : List.of("To", "Cc")) {
      String[] values = headers.getHeader(name);
      if (values == null) {
        continue;
      }
      for (String value : values) {
        try {
          for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
            if (address.getAddress() != null && recipients.size() < MAX_RECIPIENTS) {
              recipients.add(address.getAddress());
            }
          }
        } catch (AddressException unreadable) {
          // an address list we cannot read carries no token we could trust
        }
      }
    }
    String subject = headers.getHeader("Subject", null);
    return new InboundMail(recipients, subject == null ? "" : decode(subject));
  }

  private static String decode(String subject) {
    String unfolded = MimeUtility.unfold(subject);
    try {
      return MimeUtility.decodeText(unfolded);
    } catch (UnsupportedEncodingException | RuntimeException e) {
      return unfolded;
    }
  }
}
