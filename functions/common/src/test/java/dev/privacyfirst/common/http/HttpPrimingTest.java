package dev.privacyfirst.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.privacyfirst.common.adapter.Priming;
import org.junit.jupiter.api.Test;

class HttpPrimingTest {
  @Test
  void everyHttpFunctionPrimesItsPayloadPathBeforeTheSnapshot() throws Exception {
    // Loading the base class of the HTTP handlers is what registers the step (in the init phase).
    Class.forName(HttpApiHandler.class.getName(), true, HttpApiHandler.class.getClassLoader());

    assertThat(Priming.registered()).extracting(Priming.Primer::name).contains("http-payloads");
    assertThatCode(HttpPriming::prime).doesNotThrowAnyException();
  }
}
