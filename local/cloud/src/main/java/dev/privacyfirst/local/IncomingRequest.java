package dev.privacyfirst.local;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it reached the local API endpoint, before API Gateway's mapping.
 *
 * @param method request method, upper case
 * @param rawPath the path as sent (still percent-encoded)
 * @param rawQuery the query string as sent, without '?', or null
 * @param headers header names as sent, each with every value it was sent with
 * @param body the body bytes (empty when none)
 * @param sourceIp the client's address
 * @param protocol e.g. HTTP/1.1
 */
record IncomingRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    String sourceIp,
    String protocol) {}
