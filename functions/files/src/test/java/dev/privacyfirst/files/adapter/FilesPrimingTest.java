package dev.privacyfirst.files.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.adapter.Priming;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.emulators.Tripwire;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesPrimingTest {
  @Test
  void primingExercisesS3ThePresignerAndZstdWithoutSendingARequest(@TempDir Path keys) {
    try (Tripwire aws = new Tripwire()) {
      Config config = Config.of(aws.settings(keys));
      FilesWiring.create(config, Clock.systemUTC());

      Priming.Primer primer =
          Priming.registered().stream()
              .filter(p -> p.name().equals("files"))
              .findFirst()
              .orElseThrow();
      // The hook itself: what Lambda calls before the snapshot (a failure would be swallowed
      // there).
      primer.step().run();

      assertThat(aws.connections()).isZero();
    }
  }
}
