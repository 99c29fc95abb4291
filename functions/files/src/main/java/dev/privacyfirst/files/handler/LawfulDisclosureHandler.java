package dev.privacyfirst.files.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.LawfulDisclosure;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operator-only (invoked directly, never routed): {@code {accountId, legalBasis, requestedBy}} →
 * the user's files, decrypted, in the exports bucket, and an audit record.
 */
public final class LawfulDisclosureHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final LawfulDisclosure disclosure;

  public LawfulDisclosureHandler() {
    this(FilesWiring.create(Config.fromEnvironment(), Clock.systemUTC()).disclosure);
  }

  public LawfulDisclosureHandler(LawfulDisclosure disclosure) {
    this.disclosure = disclosure;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    String accountId = text(input, "accountId", 128);
    String legalBasis = text(input, "legalBasis", 4000);
    String requestedBy = text(input, "requestedBy", 256);
    var result =
        disclosure.export(new LawfulDisclosure.Request(accountId, legalBasis, requestedBy));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestId", result.requestId());
    out.put("files", result.fileIds());
    out.put("exportKeys", result.exportKeys());
    return out;
  }

  private static String text(Map<String, Object> input, String field, int max) {
    Object value = input == null ? null : input.get(field);
    if (!(value instanceof String s) || s.isBlank() || s.length() > max) {
      throw new IllegalArgumentException(
          "'" + field + "' is required: a non-empty string of at most " + max + " characters");
    }
    return s.trim();
  }
}
