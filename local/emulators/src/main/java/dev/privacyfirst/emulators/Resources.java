package dev.privacyfirst.emulators;

import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The tables of {@link Tables#ALL} and buckets of {@link Buckets#ALL}, made in the emulators from
 * the one topology in {@code common}; what exists already is left as it is.
 */
final class Resources {
  private static final Logger LOG = LogManager.getLogger(Resources.class);
  private static final AtomicBoolean VERSIONING_NOTED = new AtomicBoolean();

  private final DynamoDbClient dynamoDbClient;
  private final S3Client s3Client;

  Resources(DynamoDbClient dynamoDbClient, S3Client s3Client) {
    this.dynamoDbClient = dynamoDbClient;
    this.s3Client = s3Client;
  }

  /** Creates what is missing and enables TTL where the topology asks for it. */
  void createAll() {
    // Asking first keeps DynamoDB Local and s3proxy from logging every "already exists".
    Set<String> tables =
        new HashSet<>(dynamoDbClient.listTablesPaginator().tableNames().stream().toList());
    for (TableSpec table : Tables.ALL) {
      if (!tables.contains(table.localName())) {
        createTable(table);
      }
      table.ttl().ifPresent(attribute -> enableTtl(table.localName(), attribute));
    }
    Set<String> buckets = new HashSet<>();
    s3Client.listBuckets().buckets().forEach(b -> buckets.add(b.name()));
    for (BucketSpec bucket : Buckets.ALL) {
      if (!buckets.contains(bucket.localName())) {
        createBucket(bucket);
      }
      if (bucket.versioned() && VERSIONING_NOTED.compareAndSet(false, true)) {
        LOG.info(
            "bucket {} is versioned on AWS only: s3proxy implements no bucket versioning",
            bucket.localName());
      }
    }
  }

  private void createTable(TableSpec table) {
    try {
      dynamoDbClient.createTable(TableShapes.like(table, table.localName()));
    } catch (ResourceInUseException exists) {
      // created meanwhile by another caller
    }
  }

  private void enableTtl(String tableName, String attribute) {
    var current =
        dynamoDbClient.describeTimeToLive(r -> r.tableName(tableName)).timeToLiveDescription();
    TimeToLiveStatus status = current == null ? null : current.timeToLiveStatus();
    if ((status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING)
        && attribute.equals(current.attributeName())) {
      return;
    }
    dynamoDbClient.updateTimeToLive(
        r ->
            r.tableName(tableName)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName(attribute)));
  }

  private void createBucket(BucketSpec bucket) {
    try {
      s3Client.createBucket(r -> r.bucket(bucket.localName()));
    } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException exists) {
      // created meanwhile by another caller
    }
  }
}
