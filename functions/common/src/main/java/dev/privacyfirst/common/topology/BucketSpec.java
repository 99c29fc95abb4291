package dev.privacyfirst.common.topology;

/**
 * An S3 bucket as both the CDK stack and the local cloud create it.
 *
 * @param id logical id, used for CDK construct ids
 * @param envVar environment variable that carries the physical name to the functions
 * @param localName physical name in the local cloud
 * @param versioned whether object versions are kept (vault: yes, so an overwrite is recoverable)
 * @param expireAfterDays objects expire this many days after creation (0: never)
 * @param noncurrentExpireAfterDays noncurrent versions expire after this many days (0: n/a)
 */
public record BucketSpec(
    String id,
    String envVar,
    String localName,
    boolean versioned,
    int expireAfterDays,
    int noncurrentExpireAfterDays) {}
