package dev.privacyfirst.infra;

import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * Creates the functions of one functions/ module, as {@link Functions#ALL} lists them, with the
 * shared environment. Each capability construct then adds the grants only its functions need; the
 * stack adds each function's use of the data key and its application keys last, from those grants
 * and the topology ({@link DataConstruct#grantKeyUse}).
 */
final class Capability {
  private Capability() {}

  /** What every capability construct is given. */
  record Props(DataConstruct data, Map<String, String> environment) {
    Props {
      environment = Map.copyOf(environment);
    }
  }

  static List<DeployedFunction> deploy(
      Construct scope, String module, Props props, Map<String, String> extraEnvironment) {
    Map<String, String> environment = new LinkedHashMap<>(props.environment());
    environment.putAll(extraEnvironment);
    List<FunctionSpec> specs =
        Functions.ALL.stream().filter(spec -> spec.module().equals(module)).toList();
    if (specs.isEmpty()) {
      throw new IllegalStateException("no function of module " + module + " in Functions.ALL");
    }
    return specs.stream()
        .map(
            spec -> {
              return LambdaFunctions.create(scope, spec, environment, props.data().opsKey());
            })
        .toList();
  }
}
