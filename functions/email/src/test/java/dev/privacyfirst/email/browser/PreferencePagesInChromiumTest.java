package dev.privacyfirst.email.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.email.domain.MailRequest;
import dev.privacyfirst.email.domain.MessageContent;
import dev.privacyfirst.email.domain.Preferences;
import dev.privacyfirst.email.domain.Recipient;
import dev.privacyfirst.email.domain.SendResult;
import dev.privacyfirst.email.handler.BrowserFixture;
import dev.privacyfirst.testkit.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The unsubscribe and preference pages in a real headless Chromium (Debian's, installed by the test
 * kit's install-chromium.sh when missing), served over HTTP by the real handler.
 */
@Tag("emulators")
class PreferencePagesInChromiumTest {

  private static LocalHttpServer server;
  private static BrowserFixture fixture;
  private static WebDriver browser;
  private static Path profile;

  @BeforeAll
  static void start() throws Exception {
    Chromium.ensureInstalled();
    server = new LocalHttpServer();
    fixture = new BrowserFixture(server.baseUrl());
    server.use(fixture.handler());
    profile = Files.createTempDirectory("chromium-profile");
    browser = Chromium.start(Chromium.options(profile));
    // Lookups wait for the element while a page is still loading.
    browser.manage().timeouts().implicitlyWait(java.time.Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theUnsubscribeLinkOfASentMessageWorksInABrowserAndThePreferenceCenterSaves()
      throws Exception {
    String address = BrowserFixture.uniqueAddress("browser");
    String account = fixture.createAccount(address);
    SendResult sent =
        fixture
            .mailer()
            .send(
                new MailRequest(
                    Recipient.account(account),
                    "newsletter",
                    new MessageContent("Our newsletter", List.of("Hello.")),
                    null));
    jakarta.mail.internet.MimeMessage message = fixture.mime(((SendResult.Sent) sent).messageId());
    String header = message.getHeader("List-Unsubscribe", null);
    jakarta.mail.Multipart parts = (jakarta.mail.Multipart) message.getContent();
    Matcher preferenceLink =
        Pattern.compile("(http://\\S+/email/preferences\\?t=[a-z0-9_]+)")
            .matcher(parts.getBodyPart(0).getContent().toString());
    assertThat(preferenceLink.find()).isTrue();
    Matcher m = Pattern.compile("<(http://[^>]+)>").matcher(header);
    assertThat(m.find()).isTrue();

    browser.get(m.group(1));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Unsubscribe");
    WebElement button = browser.findElement(By.cssSelector("form button[type=submit]"));
    // The stylesheet is inline and allowed by its CSP hash: it must have applied.
    assertThat(button.getCssValue("background-color")).isEqualTo("rgba(11, 87, 208, 1)");
    assertThat(fixture.preferences(account).updatedAt()).isNull();
    clickAndWaitForTheNextPage(button);

    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("You are unsubscribed");
    assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
        .contains("Newsletter");
    assertThat(fixture.preferences(account).refused()).containsExactly("newsletter");

    // The unsubscribe link leads nowhere else; the message's own preference link opens the center.
    assertThat(browser.findElements(By.cssSelector("a[href*='/email/preferences']"))).isEmpty();
    browser.get(preferenceLink.group(1));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your email preferences");
    assertThat(browser.findElement(By.id("c-newsletter")).isSelected()).isFalse();
    assertThat(browser.findElement(By.id("c-offers")).isSelected()).isTrue();
    assertThat(browser.getPageSource()).contains("always on");
    // Keyboard only: focus the checkbox, toggle it with space; click a label for the other.
    WebElement offers = browser.findElement(By.id("c-offers"));
    offers.sendKeys(Keys.SPACE);
    browser.findElement(By.cssSelector("label[for=tracking]")).click();
    clickAndWaitForTheNextPage(browser.findElement(By.cssSelector("button[value=save]")));

    assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
        .contains("Your preferences were saved");
    Preferences saved = fixture.preferences(account);
    assertThat(saved.refused()).containsExactlyInAnyOrder("newsletter", "offers");
    assertThat(saved.trackingRefused()).isTrue();
    assertThat(browser.findElement(By.id("c-offers")).isSelected()).isFalse();
    assertThat(browser.findElement(By.id("tracking")).isSelected()).isFalse();
  }

  /**
   * Clicks and waits until the browser has replaced the page (the old document goes stale), so the
   * next lookup reads the new page and never races the navigation.
   */
  private static void clickAndWaitForTheNextPage(WebElement element) throws InterruptedException {
    WebElement oldPage = browser.findElement(By.tagName("html"));
    element.click();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try {
        oldPage.isEnabled();
      } catch (org.openqa.selenium.WebDriverException replaced) {
        // Stale, or "node does not belong to the document": the old page is gone either way.

        browser.findElement(By.tagName("h1"));
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("the page did not change within 15 s after the click");
  }
}
