package dev.privacyfirst.files.domain;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * How a download names its file and keeps a browser from rendering it: {@code Content-Disposition:
 * attachment} with an ASCII fallback {@code filename} and the exact name as {@code filename*} (RFC
 * 6266 §4.3, RFC 8187 encoding), and, where we cannot send {@code X-Content-Type-Options: nosniff}
 * (an S3 presigned link), a content type no browser renders or runs.
 */
public final class ContentDisposition {
  /** Media types a browser renders as a document or runs as a script (served as bytes on links). */
  private static final Set<String> ACTIVE =
      Set.of(
          "text/html",
          "application/xhtml+xml",
          "image/svg+xml",
          "text/xml",
          "application/xml",
          "text/xsl",
          "text/javascript",
          "application/javascript",
          "application/ecmascript",
          "text/ecmascript",
          "text/css",
          "application/pdf",
          "multipart/x-mixed-replace");

  private ContentDisposition() {}

  /** {@code attachment; filename="fallback"; filename*=UTF-8''exact}. */
  public static String attachment(String fileName) {
    return "attachment; filename=\""
        + asciiFallback(fileName)
        + "\"; filename*=UTF-8''"
        + encodeExtValue(fileName);
  }

  /**
   * The content type a presigned link should answer with: the file's own, unless a browser would
   * render or run it on the storage origin (HTML, SVG, XML, scripts, style sheets, PDF), which is
   * served as {@code application/octet-stream}.
   */
  public static String linkContentType(String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (type.isEmpty() || ACTIVE.contains(type) || type.endsWith("+xml")) {
      return "application/octet-stream";
    }
    return contentType;
  }

  /** Printable ASCII with the quoted-string specials and path separators replaced by '_'. */
  static String asciiFallback(String fileName) {
    StringBuilder out = new StringBuilder(fileName.length());
    fileName
        .codePoints()
        .forEach(
            c ->
                out.append(
                    c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' && c != '%'
                        ? (char) c
                        : '_'));
    return out.toString();
  }

  /** RFC 8187 §3.2.1 value-chars: attr-char as is, every other UTF-8 byte as %XX. */
  static String encodeExtValue(String fileName) {
    StringBuilder out = new StringBuilder(fileName.length() * 3);
    for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
