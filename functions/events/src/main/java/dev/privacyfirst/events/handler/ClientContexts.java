package dev.privacyfirst.events.handler;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.http.HttpRequest;
import dev.privacyfirst.events.domain.ClientContext;
import dev.privacyfirst.events.domain.LocationHints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What a request says about its sender. The address is the connection's source as API Gateway
 * reports it ({@code requestContext.http.sourceIp}): a client can set any header, so {@code
 * CloudFront-Viewer-*} headers are believed only when the deployment puts CloudFront in front
 * ({@link EnvVars#CLOUDFRONT_ORIGIN_VERIFY}) and the request carries the value that distribution
 * adds on its way to the origin. CloudFront overwrites a client's copy of that header and of the
 * viewer headers; a request that bypasses it lacks the value, so its own address is used.
 */
final class ClientContexts {
  /** The header the CloudFront distribution adds to every origin request. */
  static final String ORIGIN_VERIFY_HEADER = "x-origin-verify";

  private final byte[] originVerify;

  private ClientContexts(String originVerify) {
    this.originVerify =
        originVerify == null || originVerify.isBlank()
            ? null
            : originVerify.getBytes(StandardCharsets.UTF_8);
  }

  /** No CloudFront in front: viewer headers are never believed. */
  static final ClientContexts DIRECT = new ClientContexts(null);

  static ClientContexts fromConfig(Config config) {
    return new ClientContexts(config.find(EnvVars.CLOUDFRONT_ORIGIN_VERIFY).orElse(null));
  }

  static ClientContexts behindCloudFront(String originVerify) {
    return new ClientContexts(originVerify);
  }

  /** Whether this request came through the deployment's CloudFront distribution. */
  boolean viaCloudFront(HttpRequest request) {
    return originVerify != null
        && request
            .header(ORIGIN_VERIFY_HEADER)
            .map(v -> MessageDigest.isEqual(v.getBytes(StandardCharsets.UTF_8), originVerify))
            .orElse(false);
  }

  ClientContext of(HttpRequest request, boolean useRequestIp) {
    LocationHints hints;
    if (viaCloudFront(request)) {
      hints =
          new LocationHints(
              request
                  .header("cloudfront-viewer-address")
                  .map(ClientContexts::withoutPort)
                  .orElse(null),
              request.header("cloudfront-viewer-country").orElse(null),
              request.header("cloudfront-viewer-country-region").orElse(null),
              request.header("cloudfront-viewer-city").orElse(null));
    } else {
      hints = LocationHints.ipOnly(request.sourceIp());
    }
    return new ClientContext(
        hints,
        useRequestIp,
        request.header("user-agent").orElse(null),
        // A signal sent twice arrives joined ("1,1"); any 1 among the values is the person's
        // choice.
        request.headerValues("dnt").contains("1"),
        request.headerValues("sec-gpc").contains("1"),
        request.header("origin").filter(o -> !o.equals("null")).orElse(null));
  }

  /** CloudFront-Viewer-Address is {@code 192.0.2.1:46532} or {@code 2001:db8::1:46532}. */
  static String withoutPort(String address) {
    int colon = address.lastIndexOf(':');
    String ip = colon < 0 ? address : address.substring(0, colon);
    if (ip.startsWith("[") && ip.endsWith("]")) {
      ip = ip.substring(1, ip.length() - 1);
    }
    return ip;
  }
}
