package dev.privacyfirst.local;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mailbox of a test user of the local cloud: the mails the SES emulator received for an
 * address, read as their recipient would (the MIME parsed, transfer encodings undone).
 */
public final class Mailbox {
  private Mailbox() {}

  /** A verification link's token in a mail. */
  public static final Pattern VERIFY_LINK =
      Pattern.compile("/v1/accounts/verify\\?t=([A-Za-z0-9_-]{43})");

  /**
   * The token of the {@code nth} link matching {@code link} in the mails the SES emulator received
   * for this address, waiting for it (notices are delivered asynchronously) up to 30 seconds.
   */
  public static String linkToken(LocalCloud cloud, String email, Pattern link, int nth)
      throws Exception {
    URI ses =
        cloud
            .emulators()
            .sesEndpoint()
            .orElseThrow(() -> new AssertionError("sign-up needs the SES emulator"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      java.util.List<String> tokens = new java.util.ArrayList<>();
      HttpResponse<String> store =
          CloudUser.send(HttpRequest.newBuilder(ses.resolve("/store")).GET().build());
      for (JsonNode mail : CloudUser.JSON.readTree(store.body()).path("emails")) {
        boolean toAddress = false;
        for (JsonNode to : mail.path("destination").path("to")) {
          toAddress |= to.asText().equalsIgnoreCase(email);
        }
        if (toAddress) {
          Matcher m = link.matcher(mailText(ses, mail.path("messageId").asText()));
          if (m.find()) {
            tokens.add(m.group(1));
          }
        }
      }
      if (tokens.size() > nth) {
        return tokens.get(nth);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no link was mailed to " + email);
      }
      Thread.sleep(100);
    }
  }

  /** A stored mail as the MIME message the emulator renders for it, parsed. */
  static MimeMessage message(URI ses, String messageId) throws Exception {
    HttpResponse<String> eml =
        CloudUser.send(
            HttpRequest.newBuilder(ses.resolve("/get-emlContent?messageId=" + messageId))
                .GET()
                .build());
    JsonNode data = CloudUser.JSON.readTree(eml.body()).path("body").path("data");
    byte[] raw = new byte[data.size()];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) data.get(i).intValue();
    }
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
  }

  /** A message's text, its parts joined and their transfer encodings undone. */
  static String text(MimeMessage message) throws Exception {
    return textOf(message.getContent());
  }

  private static String mailText(URI ses, String messageId) throws Exception {
    return text(message(ses, messageId));
  }

  private static String textOf(Object content) throws Exception {
    if (content instanceof Multipart multipart) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < multipart.getCount(); i++) {
        text.append(textOf(multipart.getBodyPart(i).getContent())).append('\n');
      }
      return text.toString();
    }
    return content instanceof String string ? string : "";
  }
}
