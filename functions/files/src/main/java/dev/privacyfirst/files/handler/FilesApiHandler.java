package dev.privacyfirst.files.handler;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.http.ApiException;
import dev.privacyfirst.common.http.HttpApiHandler;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.common.http.HttpResponse;
import dev.privacyfirst.common.http.JsonBody;
import dev.privacyfirst.common.http.RateLimited;
import dev.privacyfirst.common.session.Authenticator;
import dev.privacyfirst.common.topology.Functions;
import dev.privacyfirst.files.adapter.FilesWiring;
import dev.privacyfirst.files.domain.ByteRange;
import dev.privacyfirst.files.domain.ContentDisposition;
import dev.privacyfirst.files.domain.FileContent;
import dev.privacyfirst.files.domain.FileCorrupt;
import dev.privacyfirst.files.domain.FileIds;
import dev.privacyfirst.files.domain.FileRecord;
import dev.privacyfirst.files.domain.FileService;
import dev.privacyfirst.files.domain.FileTooLarge;
import dev.privacyfirst.files.domain.Held;
import dev.privacyfirst.files.domain.Page;
import dev.privacyfirst.files.domain.QuotaExceeded;
import dev.privacyfirst.files.domain.RangeNotSatisfiable;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** POST /v1/files/uploads, GET /v1/files, GET/DELETE /v1/files/{id}, GET …/content. */
public final class FilesApiHandler extends HttpApiHandler {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,63}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,63}");

  /**
   * What a file name may not hold: slashes, control characters (C0 and C1), bidirectional
   * formatting (embeddings, overrides, isolates and marks, which make "evil\u202Efdp.exe" show as
   * "evilexe.pdf"), line and paragraph separators, and lone surrogates.
   */
  private static final Pattern CONTROL =
      Pattern.compile("[\\p{Cc}\\p{Cs}\\u061C\\u200E\\u200F\\u2028-\\u202E\\u2066-\\u2069/\\\\]");

  private final FileService files;
  private final Authenticator auth;

  /** Lambda's constructor: reads the environment once. */
  public FilesApiHandler() {
    this(Config.fromEnvironment());
  }

  /** On the given settings (the local cloud hosts every function in one JVM with its own). */
  public FilesApiHandler(Config config) {
    this(FilesWiring.create(config, Clock.systemUTC()));
  }

  private FilesApiHandler(FilesWiring module) {
    this(module.service, module.authenticator);
  }

  public FilesApiHandler(FileService files, Authenticator auth) {
    super(Functions.FILES_API);
    this.files = files;
    this.auth = auth;
    on("POST", "/v1/files/uploads", this::begin);
    on("GET", "/v1/files", this::list);
    on("GET", "/v1/files/{id}", this::get);
    on("GET", "/v1/files/{id}/content", this::content);
    on("DELETE", "/v1/files/{id}", this::delete);
  }

  private HttpResponse begin(HttpRequest request) {
    String account = auth.authenticate(request).accountId();
    JsonBody body = JsonBody.of(request);
    String name = body.requiredString("name", 255);
    if (name.isBlank() || CONTROL.matcher(name).find()) {
      throw ApiException.badRequest(
          "invalid_field",
          "Field 'name' must be a file name without slashes, control or bidirectional"
              + " formatting characters.");
    }
    long size = body.requiredLong("size", 0, Long.MAX_VALUE);
    String contentType = body.optionalString("contentType", 129).orElse("application/octet-stream");
    if (!MEDIA_TYPE.matcher(contentType).matches()) {
      throw ApiException.badRequest("invalid_field", "Field 'contentType' must be a media type.");
    }
    String sha256 = body.optionalString("sha256", 64).orElse(null);
    if (sha256 != null && !SHA256.matcher(sha256).matches()) {
      throw ApiException.badRequest(
          "invalid_field", "Field 'sha256' must be 64 hexadecimal characters.");
    }
    try {
      var upload = files.begin(account, name, size, contentType, sha256);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", upload.file().fileId());
      out.put("uploadId", upload.file().fileId());
      out.put("status", upload.file().status().wire());
      out.put(
          "upload",
          Map.of(
              "method", upload.request().method(),
              "url", upload.request().url().toString(),
              "headers", upload.request().headers(),
              "expiresAt", upload.request().expiresAt().toString()));
      return HttpResponse.json(201, out);
    } catch (FileTooLarge e) {
      throw new ApiException(413, "file_too_large", e.getMessage());
    } catch (QuotaExceeded.Storage e) {
      throw new ApiException(413, "storage_quota_exceeded", e.getMessage());
    } catch (QuotaExceeded.PendingUploads e) {
      // Pending uploads end within the presigned request's validity or by the stale expiry.
      throw new RateLimited("too_many_pending_uploads", Duration.ofMinutes(1), e.getMessage());
    }
  }

  private HttpResponse list(HttpRequest request) {
    String account = auth.authenticate(request).accountId();
    int limit;
    try {
      limit = Integer.parseInt(request.query("limit").orElse("50"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_parameter", "'limit' must be an integer.");
    }
    if (limit < 1 || limit > 100) {
      throw ApiException.badRequest("invalid_parameter", "'limit' must be between 1 and 100.");
    }
    String cursor = request.query("cursor").orElse(null);
    if (cursor != null && !FileIds.looksValid(cursor)) {
      throw ApiException.badRequest("invalid_parameter", "'cursor' is not a cursor of this list.");
    }
    Page<FileRecord> page = files.list(account, cursor, limit);
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> items = page.items().stream().map(FilesApiHandler::view).toList();
    out.put("files", items);
    if (page.cursor() != null) {
      out.put("nextCursor", page.cursor());
    }
    return HttpResponse.json(200, out);
  }

  private HttpResponse get(HttpRequest request) {
    String account = auth.authenticate(request).accountId();
    return files
        .get(account, request.pathParameter("id"))
        .map(f -> HttpResponse.json(200, view(f)))
        .orElseThrow(() -> ApiException.notFound("No such file."));
  }

  /**
   * The file's bytes, always as exact bytes (base64 to API Gateway whatever the content type). With
   * {@code Range: bytes=a-b} (one range): 206 with Content-Range, reading only the chunks that
   * cover the range, each verified on its own (the whole-file SHA-256 needs every byte); a
   * malformed or unsatisfiable bytes range is a 416 JSON error; an unknown unit or several ranges
   * get the whole file (200), as RFC 9110 §14.2 allows.
   */
  private HttpResponse content(HttpRequest request) {
    String account = auth.authenticate(request).accountId();
    String id = request.pathParameter("id");
    String rangeHeader = request.header("range").orElse(null);
    try {
      FileContent content;
      ByteRange.Requested requested =
          rangeHeader == null ? new ByteRange.Requested.Whole() : ByteRange.interpret(rangeHeader);
      content =
          switch (requested) {
            case ByteRange.Requested.One one ->
                files.contentRange(account, id, one.range()).orElseThrow(FilesApiHandler::notReady);
            case ByteRange.Requested.Whole _ ->
                files.content(account, id).orElseThrow(FilesApiHandler::notReady);
            case ByteRange.Requested.Malformed _ -> throw new RangeNotSatisfiable(-1);
          };
      return switch (content) {
        case FileContent.Inline inline ->
            fileBytes(200, inline.contentType(), inline.bytes(), inline.name());
        case FileContent.Partial part ->
            fileBytes(206, part.contentType(), part.bytes(), part.name())
                .withHeader(
                    "content-range",
                    "bytes " + part.first() + "-" + part.last() + "/" + part.size());
        case FileContent.Link link ->
            HttpResponse.json(
                    302,
                    Map.of(
                        "url", link.url().toString(),
                        "expiresAt", link.expiresAt().toString(),
                        "size", link.size()))
                .withHeader("location", link.url().toString());
        case FileContent.Preparing preparing ->
            // Poll the same URL: 202 until the copy is ready, then the 302 above.
            HttpResponse.json(
                    202,
                    Map.of(
                        "status", "preparing",
                        "retryAfterSeconds", preparing.retryAfter().toSeconds(),
                        "size", preparing.size()))
                .withHeader("retry-after", Long.toString(preparing.retryAfter().toSeconds()))
                .withHeader("location", "/v1/files/" + id + "/content");
      };
    } catch (RangeNotSatisfiable e) {
      HttpResponse error =
          HttpResponse.error(
              416,
              "range_not_satisfiable",
              e.size() < 0
                  ? "The Range header must be one range of the form bytes=first-last,"
                      + " bytes=first- or bytes=-suffixLength."
                  : "The requested range lies outside the file.");
      return e.size() < 0 ? error : error.withHeader("content-range", "bytes */" + e.size());
    } catch (FileCorrupt e) {
      return HttpResponse.error(
          500,
          "file_unreadable",
          "A stored part of this file is missing or damaged; no content was returned.");
    }
  }

  /**
   * A file's bytes as a download: exact bytes whatever the type, never rendered by a browser on our
   * origin (attachment, nosniff, a sandboxing CSP).
   */
  private static HttpResponse fileBytes(int status, String type, byte[] bytes, String name) {
    return HttpResponse.of(status, type, bytes)
        .withHeader("accept-ranges", "bytes")
        .withHeader("content-disposition", ContentDisposition.attachment(name))
        .withHeader("content-security-policy", "default-src 'none'; sandbox");
  }

  private static ApiException notReady() {
    return ApiException.notFound("No such file, or it is not ready.");
  }

  private HttpResponse delete(HttpRequest request) {
    String account = auth.authenticate(request).accountId();
    try {
      if (!files.delete(account, request.pathParameter("id"))) {
        throw ApiException.notFound("No such file.");
      }
    } catch (Held held) {
      throw ApiException.conflict(
          "legal_hold",
          held.getMessage() + " A hold has been in place since " + held.since() + " (UTC).");
    }
    return HttpResponse.noContent();
  }

  static Map<String, Object> view(FileRecord f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", f.fileId());
    out.put("name", f.name());
    out.put("contentType", f.contentType());
    out.put("status", f.status().wire());
    if (f.reason() != null) {
      out.put("reason", f.reason());
    }
    out.put("size", f.status().name().equals("READY") ? f.size() : f.declaredSize());
    out.put("createdAt", f.createdAt().toString());
    out.put("updatedAt", f.updatedAt().toString());
    return out;
  }
}
