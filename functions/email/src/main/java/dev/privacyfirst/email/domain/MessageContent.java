package dev.privacyfirst.email.domain;

import java.util.List;

/**
 * What a capability wants to say: a subject and plain-text paragraphs. The mailer renders the text
 * and HTML parts itself (escaping every paragraph), so no caller can put markup into a message.
 */
public record MessageContent(String subject, List<String> paragraphs) {
  public MessageContent {
    if (subject == null || subject.isBlank() || subject.length() > 200) {
      throw new IllegalArgumentException("a subject of 1 to 200 characters is required");
    }
    if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a subject is one line");
    }
    paragraphs = List.copyOf(paragraphs);
    if (paragraphs.isEmpty() || paragraphs.size() > 50) {
      throw new IllegalArgumentException("1 to 50 paragraphs are required");
    }
  }
}
