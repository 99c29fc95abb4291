package dev.privacyfirst.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * SnapStart priming of the HTTP functions' payload path: an API Gateway event with every part the
 * gateway sends (headers, cookies, query and path parameters, both authorizer shapes, a base64
 * body) read into a request, and a response with headers and a cookie written, so that a restored
 * function finds the mapper's (de)serialisers of the event and response classes built. Made-up
 * values only: no request, no personal data.
 */
public final class HttpPriming {
  private static final byte[] EVENT =
      """
      {"version":"2.0","routeKey":"POST /priming/{id}","rawPath":"/priming/p",
       "rawQueryString":"a=1&a=2","cookies":["p=1"],
       "headers":{"content-type":"application/json","origin":"https://example.invalid"},
       "queryStringParameters":{"a":"1,2"},"pathParameters":{"id":"p"},
       "requestContext":{"accountId":"000000000000","apiId":"priming","domainName":"example.invalid",
        "domainPrefix":"priming","requestId":"priming","routeKey":"POST /priming/{id}",
        "stage":"$default","time":"01/Jan/2026:00:00:00 +0000","timeEpoch":0,
        "http":{"method":"POST","path":"/priming/p","protocol":"HTTP/1.1",
         "sourceIp":"192.0.2.0","userAgent":"priming"},
        "authorizer":{"iam":{"accessKey":"priming","accountId":"000000000000",
          "callerId":"priming","userArn":"arn:aws:iam::000000000000:user/priming",
          "userId":"priming"},
         "jwt":{"claims":{"sub":"priming"},"scopes":["priming"]}}},
       "body":"e30=","isBase64Encoded":true}
      """
          .getBytes(StandardCharsets.UTF_8);

  private HttpPriming() {}

  /** Reads the made-up event into a request and writes an error response with a cookie. */
  public static void prime() {
    try {
      APIGatewayV2HTTPEvent event = ApiGatewayPayloads.readEvent(new ByteArrayInputStream(EVENT));
      JsonBody.of(HttpRequest.from(event));
      ApiGatewayPayloads.writeResponse(
          HttpResponse.error(404, "not_found", "priming")
              .withHeader("etag", "\"priming\"")
              .withCookie("p=1; HttpOnly; Secure")
              .toApiGateway(),
          OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("priming the HTTP payload path failed", e);
    }
  }
}
