package dev.privacyfirst.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.common.topology.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A function id names its handler: from {@code TrackingApi} in the topology (or in a CloudWatch log
 * group, an alarm, an {@code events/} folder) a reader finds {@code TrackingApiHandler} in the
 * {@code handler} package of the function's module without a lookup table.
 */
class FunctionNamesTest {

  @Test
  void everyFunctionsHandlerIsNamedAfterItsIdInItsModulesHandlerPackage() throws Exception {
    for (FunctionSpec function : Functions.ALL) {
      assertThat(function.handlerClass())
          .as(function.id())
          .isEqualTo(
              "dev.privacyfirst." + function.module() + ".handler." + function.id() + "Handler");
      assertThat(Class.forName(function.handlerClass())).as(function.id()).isNotNull();
    }
  }

  @Test
  void everyFunctionHasItsSampleEventsInAFolderNamedAfterItsId() {
    Path events = Repository.root().resolve("events");
    for (FunctionSpec function : Functions.ALL) {
      assertThat(Files.isDirectory(events.resolve(function.id())))
          .as("events/" + function.id())
          .isTrue();
    }
  }
}
