package dev.privacyfirst.accounts.handler;

import static dev.privacyfirst.accounts.handler.AccountsFixture.body;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.privacyfirst.common.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The whole account flow, with every log line and all console output captured and searched. */
@Tag("emulators")
class PersonalDataNeverLoggedTest {
  private static final String NAME = "Ottoline Fennimore";
  private static final String PHONE = "+44 29 2018 4961";
  private static final String ADDRESS = "3 Bramblewood Row";
  private static final String COMPANY = "Quillfeather Bindery";

  /** Collects each event's message, context and stack trace as text. */
  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      text.append(' ').append(event.getMDCPropertyMap());
      text.append(' ').append(event.getKeyValuePairs());
      IThrowableProxy thrown = event.getThrowableProxy();
      while (thrown != null) {
        text.append(' ').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
        thrown = thrown.getCause();
      }
      lines.add(text.toString());
    }
  }

  @Test
  void theFullAccountFlowLogsNoEmailPasswordTokenIpNamePhoneOrAddress() {
    AccountsFixture f = new AccountsFixture();
    // Sessions far in the future: DynamoDB Local's TTL sweep removes items expired in real time.
    f.clock.set(java.time.Instant.parse("2099-03-01T09:00:00Z"));
    String email = AccountsFixture.uniqueEmail();
    String password = "quiet-lantern-orchard-73";
    String handle = "h-" + java.util.UUID.randomUUID().toString().substring(0, 10);

    // Every level of the application's loggers, and what other loggers pass as configured.
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger application = context.getLogger("dev.privacyfirst");
    Level applicationLevel = application.getLevel();
    Capture capture = new Capture();
    capture.setContext(context);
    capture.start();
    root.addAppender(capture);
    application.setLevel(Level.ALL);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
    String token;
    String cancelToken;
    try {
      assertThat(f.signUp(email, password, "1991-07-30").status()).isEqualTo(201);
      assertThat(f.signUpRequest(email, password, "1991-07-30").status()).isEqualTo(202);
      assertThat(f.signUp(AccountsFixture.uniqueEmail(), password, "2090-01-01").status())
          .isEqualTo(403);
      assertThat(f.signIn(email, "wrong-" + password).status()).isEqualTo(401);
      assertThat(f.signIn("unknown-" + email, password).status()).isEqualTo(401);
      var signedIn = f.signIn(email, password);
      assertThat(signedIn.status()).isEqualTo(201);
      token = body(signedIn).get("token").asText();
      assertThat(f.meWithBearer(token).status()).isEqualTo(200);
      assertThat(f.meWithCookie(token).status()).isEqualTo(200);
      // The profile, consents, export and deletion routes, with personal values in play.
      String patch =
          "{\"profile\":{\"name\":\""
              + NAME
              + "\",\"phone\":\""
              + PHONE
              + "\",\"postalAddress\":\""
              + ADDRESS
              + "\",\"company\":\""
              + COMPANY
              + "\",\"handle\":\""
              + handle
              + "\"},\"visibility\":{\"name\":\"public\",\"phone\":\"public\"}}";
      assertThat(f.call("patch-me.json", token, patch).status()).isEqualTo(200);
      assertThat(
              f.call("patch-me.json", token, "{\"profile\":{\"phone\":\"" + PHONE + "x\"}}")
                  .status())
          .isEqualTo(400);
      assertThat(f.callPath("get-profile.json", null, "handle", handle).status()).isEqualTo(200);
      assertThat(f.meWithBearer(token).status()).isEqualTo(200);
      assertThat(f.call("patch-me-consents.json", token, "{\"trackingOptOut\":true}").status())
          .isEqualTo(200);
      assertThat(f.call("get-me-consents.json", token, null).status()).isEqualTo(200);
      assertThat(f.call("post-me-export.json", token, null).status()).isEqualTo(202);
      assertThat(f.call("get-me-export.json", token, null).status()).isEqualTo(200);
      assertThat(f.signOutWithCookie(token).status()).isEqualTo(204);
      assertThat(f.meWithBearer(token).status()).isEqualTo(401);
      String second = body(f.signIn(email, password)).get("token").asText();
      assertThat(f.call("delete-me.json", second, null).status()).isEqualTo(202);
      HttpResponse pending = f.signIn(email, password);
      assertThat(pending.status()).isEqualTo(403);
      cancelToken = body(pending).at("/deletion/cancel/token").asText();
      assertThat(f.cancelDeletion(cancelToken).status()).isEqualTo(200);
      assertThat(f.requestSignInLink(email).status()).isEqualTo(202);
    } finally {
      System.setOut(out);
      System.setErr(err);
      root.detachAppender(capture);
      application.setLevel(applicationLevel);
      capture.stop();
    }

    String everything =
        (String.join("\n", capture.lines) + "\n" + console.toString(StandardCharsets.UTF_8))
            .toLowerCase(Locale.ROOT);
    // The flow logs something (so this test would see a leak), but nothing personal.
    assertThat(capture.lines).isNotEmpty();
    assertThat(everything)
        .doesNotContain(email)
        .doesNotContain(email.substring(0, email.indexOf('@')))
        .doesNotContain(password)
        .doesNotContain(token.toLowerCase(Locale.ROOT))
        .doesNotContain(cancelToken.toLowerCase(Locale.ROOT))
        .doesNotContain(AccountsFixture.SOURCE_IP)
        .doesNotContain("1991-07-30")
        .doesNotContain("ottoline")
        .doesNotContain("fennimore")
        .doesNotContain("2018 4961")
        .doesNotContain("bramblewood")
        .doesNotContain("quillfeather");
  }
}
