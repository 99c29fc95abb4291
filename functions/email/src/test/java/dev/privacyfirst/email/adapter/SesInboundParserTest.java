package dev.privacyfirst.email.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

/** What an unreadable receipt notification says about itself: never the mail it carried. */
class SesInboundParserTest {
  private static final String SECRET = "jane.doe@example.com wrote: my diagnosis is";

  @Test
  void aNotificationThatIsNotJsonIsRefusedWithoutQuotingIt() {
    Throwable refused =
        catchThrowable(() -> SesInboundParser.parseNotification("{\"content\": \"" + SECRET));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasNoCause();
    assertThat(refused.getMessage()).doesNotContain("jane.doe", "diagnosis");
  }
}
