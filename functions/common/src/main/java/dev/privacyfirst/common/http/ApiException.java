package dev.privacyfirst.common.http;

/**
 * A request that cannot be served as asked. It always maps to a 4xx answer with a JSON body {@code
 * {"error": code, "message": message}}; the message is for people and never carries personal data.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("ApiException is for 4xx answers, got " + status);
    }
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Headers the answer carries besides the JSON body (Retry-After on a 429). */
  public java.util.Map<String, String> headers() {
    return java.util.Map.of();
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthenticated", message);
  }

  public static ApiException forbidden(String code, String message) {
    return new ApiException(403, code, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "method_not_allowed", message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  public static ApiException payloadTooLarge(long limit) {
    return new ApiException(413, "body_too_large", "The request body exceeds " + limit + " bytes.");
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "unsupported_media_type", message);
  }

  public static ApiException tooManyRequests(String message) {
    return new ApiException(429, "too_many_requests", message);
  }
}
