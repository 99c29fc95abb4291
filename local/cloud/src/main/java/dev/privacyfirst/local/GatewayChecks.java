package dev.privacyfirst.local;

import dev.privacyfirst.common.topology.Route;
import dev.privacyfirst.common.topology.Routes;
import dev.privacyfirst.local.ApiGatewayResponses.LocalResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What API Gateway checks of a request before any route runs, as {@link HttpApiServer} applies
 * them: well-formed percent-escapes in path and query, the payload limit (with the body read and
 * dropped up to a bound, so the client reads the 413), and the methods a path allows (for 405).
 */
final class GatewayChecks {
  /** API Gateway's payload limit. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  /** Bodies over the limit are read and dropped up to this much, so the client gets the 413. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private GatewayChecks() {}

  /**
   * A 400 JSON error when the path or query holds a {@code %} not followed by two hexadecimal
   * digits, or a path escape that does not decode to UTF-8: no handler could read such a request,
   * and the answer must be the team's error body, not an HTTP layer's page.
   */
  static Optional<LocalResponse> malformedEscapes(String rawPath, String rawQuery) {
    if (!wellFormedEscapes(rawPath) || !ApiGatewayEvents.isWellFormedUtf8(unescape(rawPath))) {
      return Optional.of(
          ApiGatewayResponses.error(
              400,
              "malformed_request",
              "The path holds a malformed percent-escape (a % must start %XX, XX hexadecimal,"
                  + " and escapes must form UTF-8)."));
    }
    if (rawQuery != null && !wellFormedEscapes(rawQuery)) {
      return Optional.of(
          ApiGatewayResponses.error(
              400,
              "malformed_request",
              "The query string holds a malformed percent-escape (a % must start %XX, XX"
                  + " hexadecimal)."));
    }
    return Optional.empty();
  }

  private static boolean wellFormedEscapes(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) == '%') {
        if (i + 2 >= raw.length()
            || Character.digit(raw.charAt(i + 1), 16) < 0
            || Character.digit(raw.charAt(i + 2), 16) < 0) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  /** The bytes a well-formed escaped string stands for ({@code +} stays a plus, as in paths). */
  private static byte[] unescape(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toByteArray();
  }

  static LocalResponse tooLarge() {
    return ApiGatewayResponses.error(
        413,
        "payload_too_large",
        "The request body exceeds API Gateway's limit of " + MAX_BODY_BYTES + " bytes.");
  }

  /** Methods of every route whose path matches, in route-table order. */
  static Set<String> allowedMethods(String rawPath) {
    Set<String> methods = new LinkedHashSet<>();
    for (Route route : Routes.ALL) {
      if (!methods.contains(route.method()) && Routes.match(route.method(), rawPath).isPresent()) {
        methods.add(route.method());
      }
    }
    return methods;
  }

  /** The body, or empty when it is over the limit (then read and dropped up to a bound). */
  static Optional<byte[]> readBody(Map<String, List<String>> headers, InputStream in)
      throws IOException {
    String declared =
        headers.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase("content-length"))
            .flatMap(e -> e.getValue().stream())
            .findFirst()
            .orElse(null);
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException ignored) {
        length = -1;
      }
    }
    if (length > MAX_BODY_BYTES) {
      drain(in);
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    int read;
    while ((read = in.read(buffer)) != -1) {
      total += read;
      if (total > MAX_BODY_BYTES) {
        drain(in);
        return Optional.empty();
      }
      out.write(buffer, 0, read);
    }
    return Optional.of(out.toByteArray());
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int read;
    while (total < DRAIN_LIMIT && (read = in.read(buffer)) != -1) {
      total += read;
    }
  }
}
