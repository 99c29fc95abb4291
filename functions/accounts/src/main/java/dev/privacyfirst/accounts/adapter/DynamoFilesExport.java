package dev.privacyfirst.accounts.adapter;

import dev.privacyfirst.accounts.domain.ExportSection;
import dev.privacyfirst.accounts.domain.ExportSource;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.topology.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Read-only view of the account's files in the files module's layout (functions/files {@code
 * DynamoFileRepository}): {@code pk=FILE#<id> sk=FILE}, listed per account in GSI1 under {@code
 * ACCOUNT#<id>#FILES}; files being deleted have left that index. Metadata only, with the path that
 * downloads each file's content.
 */
public final class DynamoFilesExport implements ExportSource {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoFilesExport(DynamoDbClient dynamo, String filesTable) {
    this.dynamo = dynamo;
    this.table = filesTable;
  }

  @Override
  public String name() {
    return "files";
  }

  @Override
  public ExportSection read(String accountId) {
    List<Map<String, Object>> files = new ArrayList<>();
    try {
      dynamo
          .queryPaginator(
              r ->
                  r.tableName(table)
                      .indexName(Tables.GSI1)
                      .keyConditionExpression("#p = :p")
                      .expressionAttributeNames(Map.of("#p", Tables.GSI1_PK))
                      .expressionAttributeValues(
                          Map.of(":p", AttributeValue.fromS("ACCOUNT#" + accountId + "#FILES"))))
          .items()
          .forEach(item -> files.add(file(item)));
    } catch (SdkException e) {
      throw new DependencyFailure("files table unavailable", e);
    }
    return ExportSection.of(files);
  }

  private static Map<String, Object> file(Map<String, AttributeValue> item) {
    String id = item.get(Tables.PK).s().substring("FILE#".length());
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("id", id);
    file.put("name", s(item, "name"));
    file.put("contentType", s(item, "contentType"));
    file.put(
        "status",
        s(item, "status") == null ? null : s(item, "status").toLowerCase(java.util.Locale.ROOT));
    file.put("size", n(item, "size"));
    file.put("sha256", s(item, "sha256"));
    file.put("createdAt", s(item, "createdAt"));
    file.put("updatedAt", s(item, "updatedAt"));
    file.put("downloadPath", "/v1/files/" + id + "/content");
    return file;
  }

  private static String s(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static Long n(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? null : Long.parseLong(value.n());
  }
}
