package dev.privacyfirst.common.http;

import static dev.privacyfirst.common.json.JsonStreams.bool;
import static dev.privacyfirst.common.json.JsonStreams.expect;
import static dev.privacyfirst.common.json.JsonStreams.number;
import static dev.privacyfirst.common.json.JsonStreams.object;
import static dev.privacyfirst.common.json.JsonStreams.text;
import static dev.privacyfirst.common.json.JsonStreams.textList;
import static dev.privacyfirst.common.json.JsonStreams.textMap;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Http;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.IAM;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.privacyfirst.common.json.JsonStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * API Gateway's HTTP API payloads (format 2.0) as JSON: the event read into {@link
 * APIGatewayV2HTTPEvent}, under the payload's property names ({@code rawPath}, {@code
 * isBase64Encoded}, {@code requestContext.http.sourceIp}), and the response written from {@link
 * APIGatewayV2HTTPResponse}, without null fields.
 *
 * <p>Why not Lambda's runtime: a handler typed on the event classes makes the runtime build its own
 * object mapper, with mix-ins for every event type, on the first invocation: a tenth to a fifth of
 * a function's cold start (BENCHMARKS.md, "Cold starts"). Why not the function's {@code Json}
 * mapper either: binding these classes builds their bean (de)serialisers by reflection on the first
 * request, another sixth. They are read and written token by token ({@link JsonStreams}), as the
 * mapper would bind them: {@code ApiGatewayPayloadsTest} compares both on every sample event and on
 * malformed ones. Names the event classes do not have are skipped, as the mapper skips them.
 */
public final class ApiGatewayPayloads {
  private ApiGatewayPayloads() {}

  /**
   * One invocation of a stream handler: the event read, {@code handler} applied, its response
   * written. A payload that is not an API Gateway event (a direct invoke with anything else) is
   * answered with a JSON 400, as a request API Gateway could not decode.
   */
  public static void serve(
      InputStream input,
      OutputStream output,
      Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler)
      throws IOException {
    APIGatewayV2HTTPEvent event;
    try {
      event = readEvent(input);
    } catch (IOException e) {
      writeResponse(
          HttpResponse.error(400, "malformed_request", "The request could not be decoded.")
              .toApiGateway(),
          output);
      return;
    }
    writeResponse(handler.apply(event), output);
  }

  /** The event of one invocation; an IOException when it is not an API Gateway JSON event. */
  public static APIGatewayV2HTTPEvent readEvent(InputStream json) throws IOException {
    try (JsonParser parser = JsonStreams.FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IOException("the event is empty");
      }
      if (first == JsonToken.VALUE_NULL) {
        throw new IOException("the event is JSON null");
      }
      return event(parser);
    }
  }

  public static void writeResponse(APIGatewayV2HTTPResponse response, OutputStream json)
      throws IOException {
    try (JsonGenerator out = JsonStreams.FACTORY.createGenerator(json)) {
      // Lambda's runtime closes its own stream when the handler returns.
      out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      out.writeStartObject();
      out.writeNumberField("statusCode", response.getStatusCode());
      if (response.getHeaders() != null) {
        out.writeFieldName("headers");
        writeTextMap(out, response.getHeaders());
      }
      if (response.getMultiValueHeaders() != null) {
        out.writeFieldName("multiValueHeaders");
        out.writeStartObject();
        for (Map.Entry<String, List<String>> header : response.getMultiValueHeaders().entrySet()) {
          if (header.getValue() != null) {
            out.writeFieldName(header.getKey());
            writeTextList(out, header.getValue());
          }
        }
        out.writeEndObject();
      }
      if (response.getCookies() != null) {
        out.writeFieldName("cookies");
        writeTextList(out, response.getCookies());
      }
      if (response.getBody() != null) {
        out.writeStringField("body", response.getBody());
      }
      out.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
      out.writeEndObject();
    }
  }

  private static void writeTextMap(JsonGenerator out, Map<String, String> map) throws IOException {
    out.writeStartObject();
    for (Map.Entry<String, String> entry : map.entrySet()) {
      // No null fields, as the mapper writes a map: its entries with null values are left out.
      if (entry.getValue() != null) {
        out.writeStringField(entry.getKey(), entry.getValue());
      }
    }
    out.writeEndObject();
  }

  private static void writeTextList(JsonGenerator out, List<String> list) throws IOException {
    if (list == null) {
      out.writeNull();
      return;
    }
    out.writeStartArray();
    for (String value : list) {
      out.writeString(value);
    }
    out.writeEndArray();
  }

  private static APIGatewayV2HTTPEvent event(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("expected an API Gateway event object");
    }
    return object(p, "an API Gateway event", APIGatewayV2HTTPEvent::new, ApiGatewayPayloads::event);
  }

  private static void event(APIGatewayV2HTTPEvent event, String name, JsonParser p)
      throws IOException {
    switch (name) {
      case "version" -> event.setVersion(text(p));
      case "routeKey" -> event.setRouteKey(text(p));
      case "rawPath" -> event.setRawPath(text(p));
      case "rawQueryString" -> event.setRawQueryString(text(p));
      case "cookies" -> event.setCookies(textList(p));
      case "headers" -> event.setHeaders(textMap(p));
      case "queryStringParameters" -> event.setQueryStringParameters(textMap(p));
      case "pathParameters" -> event.setPathParameters(textMap(p));
      case "stageVariables" -> event.setStageVariables(textMap(p));
      case "body" -> event.setBody(text(p));
      case "isBase64Encoded" -> event.setIsBase64Encoded(bool(p));
      case "requestContext" ->
          event.setRequestContext(
              object(p, "the request context", RequestContext::new, ApiGatewayPayloads::context));
      default -> p.skipChildren();
    }
  }

  private static void context(RequestContext context, String name, JsonParser p)
      throws IOException {
    switch (name) {
      case "routeKey" -> context.setRouteKey(text(p));
      case "accountId" -> context.setAccountId(text(p));
      case "stage" -> context.setStage(text(p));
      case "apiId" -> context.setApiId(text(p));
      case "domainName" -> context.setDomainName(text(p));
      case "domainPrefix" -> context.setDomainPrefix(text(p));
      case "time" -> context.setTime(text(p));
      case "timeEpoch" -> context.setTimeEpoch(number(p));
      case "http" ->
          context.setHttp(object(p, "requestContext.http", Http::new, ApiGatewayPayloads::http));
      case "authorizer" ->
          context.setAuthorizer(
              object(
                  p, "requestContext.authorizer", Authorizer::new, ApiGatewayPayloads::authorizer));
      case "requestId" -> context.setRequestId(text(p));
      default -> p.skipChildren();
    }
  }

  private static void http(Http http, String name, JsonParser p) throws IOException {
    switch (name) {
      case "method" -> http.setMethod(text(p));
      case "path" -> http.setPath(text(p));
      case "protocol" -> http.setProtocol(text(p));
      case "sourceIp" -> http.setSourceIp(text(p));
      case "userAgent" -> http.setUserAgent(text(p));
      default -> p.skipChildren();
    }
  }

  private static void authorizer(Authorizer authorizer, String name, JsonParser p)
      throws IOException {
    switch (name) {
      case "jwt" ->
          authorizer.setJwt(
              object(p, "the JWT authorizer", Authorizer.JWT::new, ApiGatewayPayloads::jwt));
      case "lambda" -> authorizer.setLambda(objectMap(p));
      case "iam" ->
          authorizer.setIam(object(p, "the IAM authorizer", IAM::new, ApiGatewayPayloads::iam));
      default -> p.skipChildren();
    }
  }

  private static void jwt(Authorizer.JWT jwt, String name, JsonParser p) throws IOException {
    switch (name) {
      case "claims" -> jwt.setClaims(textMap(p));
      case "scopes" -> jwt.setScopes(textList(p));
      default -> p.skipChildren();
    }
  }

  private static void iam(IAM iam, String name, JsonParser p) throws IOException {
    switch (name) {
      case "accessKey" -> iam.setAccessKey(text(p));
      case "accountId" -> iam.setAccountId(text(p));
      case "callerId" -> iam.setCallerId(text(p));
      case "cognitoIdentity" ->
          iam.setCognitoIdentity(
              object(p, "the Cognito identity", CognitoIdentity::new, ApiGatewayPayloads::cognito));
      case "principalOrgId" -> iam.setPrincipalOrgId(text(p));
      case "userArn" -> iam.setUserArn(text(p));
      case "userId" -> iam.setUserId(text(p));
      default -> p.skipChildren();
    }
  }

  private static void cognito(CognitoIdentity identity, String name, JsonParser p)
      throws IOException {
    switch (name) {
      case "amr" -> identity.setAmr(textList(p));
      case "identityId" -> identity.setIdentityId(text(p));
      case "identityPoolId" -> identity.setIdentityPoolId(text(p));
      default -> p.skipChildren();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectMap(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_OBJECT, "expected requestContext.authorizer.lambda");
    return (Map<String, Object>) JsonStreams.value(p);
  }
}
