package dev.privacyfirst.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph is a star: every capability depends only on the shared code ({@code common}) and
 * the subject-rights contract ({@code rights}); the subject-rights functions ({@code retention})
 * are the one place that wires capabilities together, and even they never reach into another
 * module's handlers.
 */
class ModuleBoundariesTest {
  static final String BASE = "dev.privacyfirst.";
  static final List<String> CAPABILITIES = List.of("accounts", "files", "events", "email");
  static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = Architecture.productionClasses();
  }

  @Test
  void noCapabilityUsesAnotherCapabilitysClasses() {
    for (String capability : CAPABILITIES) {
      for (String other : CAPABILITIES) {
        if (other.equals(capability)) {
          continue;
        }
        noClasses()
            .that()
            .resideInAPackage(BASE + capability + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(BASE + other + "..")
            .because("capabilities talk through the subject-rights contract, not each other's code")
            .check(production);
      }
      noClasses()
          .that()
          .resideInAPackage(BASE + capability + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(BASE + "retention..")
          .because("only the subject-rights functions wire capabilities, never the other way round")
          .check(production);
    }
  }

  @Test
  void theContractAndTheSharedCodeDependOnNoCapability() {
    for (String center : List.of("common", "rights")) {
      for (String outer : List.of("accounts", "files", "events", "email", "retention")) {
        noClasses()
            .that()
            .resideInAPackage(BASE + center + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(BASE + outer + "..")
            .because("the star's centre knows no capability")
            .check(production);
      }
    }
    noClasses()
        .that()
        .resideInAPackage(BASE + "common..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + "rights..")
        .check(production);
  }

  @Test
  void theSubjectRightsFunctionsNeverReachIntoAnotherModulesHandlers() {
    for (String capability : CAPABILITIES) {
      noClasses()
          .that()
          .resideInAPackage(BASE + "retention..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(BASE + capability + ".handler..")
          .because("handlers are entry points, not a module's API")
          .check(production);
    }
  }

  @Test
  void onlyAdapterClassesTouchTheAwsSdk() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackages("..adapter..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("software.amazon.awssdk..")
            .because("SDK exceptions become domain exceptions at the adapter boundary");
    rule.check(production);
  }

  @Test
  void everyTableAndBucketIsUsedOnlyByItsOwner() {
    Architecture.ownershipRules().forEach(rule -> rule.check(production));
  }

  @Test
  void everyTableAndBucketHasAnOwner() {
    Architecture.assertEveryResourceHasAnOwner();
  }
}
