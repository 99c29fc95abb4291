package dev.privacyfirst.retention.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.SecretSpec;
import dev.privacyfirst.emulators.SharedEmulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subject-rights functions wire every capability, and on AWS their roles may read only the
 * application keys the topology gives them ({@link AppSecrets#readableBy}): a key read while the
 * container starts that is not among them is an AccessDenied at init, and the function never
 * starts. With file secrets, every key read leaves its file, so the files name what was read.
 */
@Tag(SharedEmulators.TAG)
class RetentionWiringKeysTest {
  private static final List<FunctionSpec> SUBJECT_RIGHTS =
      List.of(Functions.RETENTION_PURGE, Functions.RETENTION_OPERATOR, Functions.RIGHTS_JOBS);

  @Test
  void wiringTheSubjectRightsFunctionsReadsOnlyKeysTheirRolesMayRead(@TempDir Path keys)
      throws IOException {
    Map<String, String> settings = new HashMap<>(SharedEmulators.settings());
    settings.put(EnvVars.SECRETS_SOURCE, "file:" + keys);

    RetentionWiring.fromConfig(Config.of(settings), Clock.systemUTC());

    List<String> read;
    try (Stream<Path> files = Files.list(keys)) {
      read =
          files
              .map(f -> f.getFileName().toString().replaceFirst("(\\.v[0-9]+)?\\.key$", ""))
              .distinct()
              .toList();
    }
    for (FunctionSpec function : SUBJECT_RIGHTS) {
      assertThat(read)
          .as("keys read while wiring %s", function.id())
          .isSubsetOf(AppSecrets.readableBy(function).stream().map(SecretSpec::name).toList());
    }
  }
}
