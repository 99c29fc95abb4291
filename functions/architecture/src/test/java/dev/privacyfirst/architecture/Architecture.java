package dev.privacyfirst.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.Ownership;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** The classes under test and the ownership rules derived from the one topology. */
final class Architecture {
  private Architecture() {}

  static final String BASE = "dev.privacyfirst.";
  static final String TOPOLOGY = BASE + "common.topology..";

  /** Every production class of the function modules (tests excluded). */
  static JavaClasses productionClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(
            BASE + "common",
            BASE + "rights",
            BASE + "accounts",
            BASE + "files",
            BASE + "events",
            BASE + "email",
            BASE + "retention");
  }

  /**
   * One rule per table and bucket: no class outside its owner's packages names its constant (the
   * only way to learn its physical name), so no other module can read or write it.
   */
  static List<ArchRule> ownershipRules() {
    List<ArchRule> rules = new ArrayList<>();
    for (Field field : constants(Tables.class, TableSpec.class)) {
      String owner = Ownership.ownerOf((TableSpec) value(field)).orElseThrow();
      rules.add(ownedBy(owner, Tables.class, field.getName(), "table"));
    }
    for (Field field : constants(Buckets.class, BucketSpec.class)) {
      String owner = Ownership.ownerOf((BucketSpec) value(field)).orElseThrow();
      rules.add(ownedBy(owner, Buckets.class, field.getName(), "bucket"));
    }
    return rules;
  }

  static void assertEveryResourceHasAnOwner() {
    for (TableSpec table : Tables.ALL) {
      assertThat(Ownership.ownerOf(table)).as("owner of table " + table.id()).isPresent();
    }
    for (BucketSpec bucket : Buckets.ALL) {
      assertThat(Ownership.ownerOf(bucket)).as("owner of bucket " + bucket.id()).isPresent();
    }
    assertThat(constants(Tables.class, TableSpec.class)).hasSameSizeAs(Tables.ALL);
    assertThat(constants(Buckets.class, BucketSpec.class)).hasSameSizeAs(Buckets.ALL);
  }

  private static ArchRule ownedBy(String owner, Class<?> holder, String field, String what) {
    return noClasses()
        .that()
        .resideOutsideOfPackages(BASE + owner + "..", TOPOLOGY)
        .should()
        .accessField(holder, field)
        .because(
            "the "
                + what
                + " "
                + field
                + " is owned by the "
                + owner
                + " module; others use its ports");
  }

  private static List<Field> constants(Class<?> holder, Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field field : holder.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType().equals(type)) {
        fields.add(field);
      }
    }
    return fields;
  }

  private static Object value(Field field) {
    try {
      return field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
