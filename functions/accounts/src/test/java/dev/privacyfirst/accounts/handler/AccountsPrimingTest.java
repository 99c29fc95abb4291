package dev.privacyfirst.accounts.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.accounts.adapter.AccountsWiring;
import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.emulators.Tripwire;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsPrimingTest {
  @Test
  void primingComputesTheDummyHashWithoutSendingARequest(@TempDir Path keys) {
    try (Tripwire aws = new Tripwire()) {
      Config config = Config.of(aws.settings(keys));
      AccountsWiring.create(config, Clock.systemUTC());

      Priming.Primer primer =
          Priming.registered().stream()
              .filter(p -> p.name().equals("accounts"))
              .findFirst()
              .orElseThrow();
      // The hook itself: what Lambda calls before the snapshot (a failure would be swallowed
      // there).
      primer.step().run();

      assertThat(aws.connections()).isZero();
    }
  }
}
