package dev.privacyfirst.common.adapter;

import dev.privacyfirst.common.aws.DependencyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Query and Scan as pages that continue from {@code LastEvaluatedKey}: the one place that reads
 * DynamoDB's "more to come" signal (present and non-empty), follows it up to a number of items, and
 * turns an SDK failure into the domain's {@link DependencyFailure}. A filter expression applies
 * after each page is read, so a page may hold fewer items than its limit while more follow: callers
 * that want {@code n} matches ask {@link #query(DynamoDbClient, QueryRequest, int, String)} for
 * them, never one page.
 */
public final class DynamoPaging {
  /** The page size when the request sets none. */
  static final int DEFAULT_PAGE = 1000;

  private DynamoPaging() {}

  /**
   * One page: its items and the key to continue from, null when the query or scan is over.
   *
   * @param next an exclusive start key, to pass back as is (also encodable into a client cursor)
   */
  public record Page(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> next) {
    public Page {
      items = List.copyOf(items);
      next = next == null ? null : Map.copyOf(next);
    }

    public boolean last() {
      return next == null;
    }
  }

  /** One Query request; {@code failure} says what could not be done if DynamoDB fails. */
  public static Page page(DynamoDbClient dynamo, QueryRequest request, String failure) {
    try {
      QueryResponse response = dynamo.query(request);
      return new Page(
          response.items(),
          response.hasLastEvaluatedKey() ? nonEmpty(response.lastEvaluatedKey()) : null);
    } catch (SdkException e) {
      throw new DependencyFailure(failure, e);
    }
  }

  /** One Scan request. */
  public static Page page(DynamoDbClient dynamo, ScanRequest request, String failure) {
    try {
      ScanResponse response = dynamo.scan(request);
      return new Page(
          response.items(),
          response.hasLastEvaluatedKey() ? nonEmpty(response.lastEvaluatedKey()) : null);
    } catch (SdkException e) {
      throw new DependencyFailure(failure, e);
    }
  }

  /**
   * Up to {@code limit} items of a query, in key order, from its exclusive start key on: pages of
   * the request's limit (or {@value #DEFAULT_PAGE}), never asking for more than are still wanted.
   */
  public static List<Map<String, AttributeValue>> query(
      DynamoDbClient dynamo, QueryRequest request, int limit, String failure) {
    return collect(
        request.limit(),
        request.hasExclusiveStartKey() ? request.exclusiveStartKey() : null,
        limit,
        (start, size) ->
            page(
                dynamo, request.toBuilder().exclusiveStartKey(start).limit(size).build(), failure));
  }

  /** Every item of a query (keep it to bounded partitions). */
  public static List<Map<String, AttributeValue>> queryAll(
      DynamoDbClient dynamo, QueryRequest request, String failure) {
    return query(dynamo, request, Integer.MAX_VALUE, failure);
  }

  /** Up to {@code limit} items of a scan (tests, operator tools; never a request path). */
  public static List<Map<String, AttributeValue>> scan(
      DynamoDbClient dynamo, ScanRequest request, int limit, String failure) {
    return collect(
        request.limit(),
        request.hasExclusiveStartKey() ? request.exclusiveStartKey() : null,
        limit,
        (start, size) ->
            page(
                dynamo, request.toBuilder().exclusiveStartKey(start).limit(size).build(), failure));
  }

  /** One request from a start key, for at most {@code size} items. */
  private interface Pager {
    Page read(Map<String, AttributeValue> start, int size);
  }

  private static List<Map<String, AttributeValue>> collect(
      Integer requestedPage, Map<String, AttributeValue> from, int limit, Pager pager) {
    int pageSize = requestedPage == null ? DEFAULT_PAGE : requestedPage;
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = nonEmpty(from);
    while (items.size() < limit) {
      Page page = pager.read(start, Math.min(pageSize, limit - items.size()));
      items.addAll(page.items());
      if (page.last()) {
        break;
      }
      start = page.next();
    }
    return items.size() > limit ? items.subList(0, limit) : items;
  }

  private static Map<String, AttributeValue> nonEmpty(Map<String, AttributeValue> key) {
    return key == null || key.isEmpty() ? null : key;
  }
}
