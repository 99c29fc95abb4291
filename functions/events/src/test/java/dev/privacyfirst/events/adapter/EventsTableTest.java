package dev.privacyfirst.events.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

class EventsTableTest {
  @Test
  void storedJsonThatCannotBeReadFailsWithoutQuotingIt() {
    Throwable failure =
        catchThrowable(() -> EventsTable.parse("{\"email\":\"jane.doe@example.com\" \"plan\""));

    assertThat(failure).isInstanceOf(IllegalStateException.class).hasNoCause();
    assertThat(failure.getMessage()).contains("line 1").doesNotContain("jane.doe");
  }
}
