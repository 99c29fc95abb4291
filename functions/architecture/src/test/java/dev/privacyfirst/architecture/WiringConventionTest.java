package dev.privacyfirst.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.privacyfirst.common.adapter.AwsClients;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Functions;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How a function gets its dependencies, the same in every module: Lambda calls the handler's no-arg
 * constructor, which reads the environment once ({@link Config#fromEnvironment()}) and passes it to
 * the handler's {@code Config} constructor (the one the local cloud calls with its own settings);
 * that hands it to the module's one {@code <Module>Wiring}, in the module's {@code adapter}
 * package, which builds the object graph on one {@link AwsClients} per container (one client per
 * service). Tests call the handler's remaining constructor with what a wiring they built from their
 * own settings and AWS clients (with their probes) made, never through process-wide properties.
 */
class WiringConventionTest {
  static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = Architecture.productionClasses();
  }

  private static Set<String> functionModules() {
    Set<String> modules = new TreeSet<>();
    Functions.ALL.forEach(f -> modules.add(f.module()));
    return modules;
  }

  @Test
  void everyFunctionModuleHasOneWiringNamedAfterItInItsAdapterPackage() throws Exception {
    for (String module : functionModules()) {
      String name =
          Architecture.BASE
              + module
              + ".adapter."
              + module.substring(0, 1).toUpperCase(Locale.ROOT)
              + module.substring(1)
              + "Wiring";
      assertThat(Class.forName(name)).as(module).isNotNull();
    }
    classes()
        .that()
        .haveSimpleNameEndingWith("Wiring")
        .and()
        .areTopLevelClasses()
        .should(beTheWiringOfTheirModule())
        .check(production);
  }

  @Test
  void noModuleHasAPackageOfItsOwnForWiring() {
    noClasses()
        .should()
        .resideInAPackage("..wiring..")
        .because("a module's wiring lives in its adapter package, as in every other module")
        .check(production);
  }

  @Test
  void everyHandlerHasANoArgConstructorForLambdaOneOnSettingsAndOneForTests() {
    for (FunctionSpec function : Functions.ALL) {
      Class<?> handler = handlerOf(function);
      Constructor<?>[] constructors = handler.getConstructors();
      assertThat(constructors)
          .as(function.id() + ": Lambda's constructor")
          .anyMatch(c -> c.getParameterCount() == 0);
      assertThat(constructors)
          .as(function.id() + ": the local cloud's constructor, on its settings")
          .anyMatch(c -> Arrays.equals(c.getParameterTypes(), new Class<?>[] {Config.class}));
      assertThat(
              Arrays.stream(constructors)
                  .filter(c -> Modifier.isPublic(c.getModifiers()))
                  .filter(c -> c.getParameterCount() > 0)
                  .filter(
                      c -> !Arrays.equals(c.getParameterTypes(), new Class<?>[] {Config.class})))
          .as(function.id() + ": a constructor taking what the wiring built, for tests")
          .isNotEmpty();
    }
  }

  /**
   * Cold starts: a handler typed on event classes makes Lambda's runtime build its own object
   * mapper (and load Joda-Time) on the first invocation; every handler reads its payload with the
   * function's own mapper instead (common's ApiGatewayPayloads and EventPayloads).
   */
  @Test
  void everyHandlerTakesItsPayloadAsAStream() {
    for (FunctionSpec function : Functions.ALL) {
      Class<?> handler = handlerOf(function);
      assertThat(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class)
          .as(function.id())
          .isAssignableFrom(handler);
      assertThat(
              com.amazonaws.services.lambda.runtime.RequestHandler.class.isAssignableFrom(handler))
          .as(function.id() + " must not also be a typed RequestHandler")
          .isFalse();
    }
  }

  private static Class<?> handlerOf(FunctionSpec function) {
    try {
      return Class.forName(function.handlerClass());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(function.handlerClass(), e);
    }
  }

  @Test
  void onlyAHandlersConstructorReadsTheEnvironment() {
    methods()
        .that()
        .areDeclaredIn(Config.class)
        .and()
        .haveName("fromEnvironment")
        .should()
        .onlyBeCalled()
        .byCodeUnitsThat(constructorsOfHandlers())
        .because("configuration is read once per container, where Lambda constructs the handler")
        .check(production);
  }

  @Test
  void onlyTheContainersAwsClientsBuildADynamoDbClient() {
    noClasses()
        .that()
        .doNotBelongToAnyOf(AwsClients.class)
        .should()
        .callMethod(DynamoDbClient.class, "builder")
        .because("one DynamoDB client per container, shared by everything the wiring builds")
        .check(production);
  }

  private static DescribedPredicate<JavaCodeUnit> constructorsOfHandlers() {
    return DescribedPredicate.describe(
        "constructors of handlers",
        unit -> unit.isConstructor() && unit.getOwner().getPackageName().endsWith(".handler"));
  }

  private static ArchCondition<JavaClass> beTheWiringOfTheirModule() {
    return new ArchCondition<>("be named <Module>Wiring in their module's adapter package") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        String[] parts = type.getPackageName().split("\\.");
        boolean ok =
            parts.length == 4
                && parts[3].equals("adapter")
                && type.getSimpleName().equalsIgnoreCase(parts[2] + "Wiring");
        events.add(
            new SimpleConditionEvent(
                type, ok, type.getName() + " is not its module's adapter-package wiring"));
      }
    };
  }
}
