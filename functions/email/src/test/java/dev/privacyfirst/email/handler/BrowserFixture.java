package dev.privacyfirst.email.handler;

import dev.privacyfirst.email.domain.Mailer;
import dev.privacyfirst.email.domain.Preferences;
import jakarta.mail.internet.MimeMessage;

/** The email environment for tests in other packages (the browser test). */
public final class BrowserFixture {
  private final EmailEnvironment env;
  private final Mailer mailer;

  public BrowserFixture(String publicBaseUrl) {
    this.env = new EmailEnvironment(publicBaseUrl);
    this.mailer = env.wiring.mailer();
  }

  public EmailLinksHandler handler() {
    return env.linksHandler();
  }

  public Mailer mailer() {
    return mailer;
  }

  public String createAccount(String email) {
    return env.createAccount(email);
  }

  public static String uniqueAddress(String who) {
    return EmailEnvironment.uniqueAddress(who);
  }

  public MimeMessage mime(String messageId) throws Exception {
    return env.mime(messageId);
  }

  public Preferences preferences(String accountId) {
    return env.wiring.preferences().get("a:" + accountId);
  }
}
