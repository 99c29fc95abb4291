package dev.privacyfirst.testkit;

import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.emulators.TableShapes;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A table of a test's own, shaped as one of the topology's (keys and indexes): for tests that walk
 * a whole table or index (a re-key pass) and must not meet what other tests wrote.
 */
public final class OwnTables {
  private OwnTables() {}

  /** Creates a new empty table shaped like {@code spec}; answers its name. */
  public static String like(DynamoDbClient dynamo, TableSpec spec) {
    String name = spec.id().toLowerCase(java.util.Locale.ROOT) + "-own-" + UUID.randomUUID();
    dynamo.createTable(TableShapes.like(spec, name));
    return name;
  }
}
