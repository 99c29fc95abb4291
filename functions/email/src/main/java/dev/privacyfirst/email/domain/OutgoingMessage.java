package dev.privacyfirst.email.domain;

import java.util.List;

/**
 * A rendered message, ready for the transport: text and HTML parts plus extra headers
 * (List-Unsubscribe and List-Unsubscribe-Post on promotional mail).
 */
public record OutgoingMessage(
    String to, String categoryId, String subject, String text, String html, List<Header> headers) {
  public OutgoingMessage {
    headers = List.copyOf(headers);
  }

  public record Header(String name, String value) {}

  @Override
  public String toString() {
    return "OutgoingMessage[category=" + categoryId + "]";
  }
}
