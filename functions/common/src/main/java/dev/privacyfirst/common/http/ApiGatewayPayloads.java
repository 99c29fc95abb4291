package dev.privacyfirst.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.privacyfirst.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * API Gateway's HTTP API payloads (format 2.0) as JSON, read and written with the function's own
 * mapper: the event into {@link APIGatewayV2HTTPEvent}, whose property names are the payload's
 * ({@code rawPath}, {@code isBase64Encoded}, {@code requestContext.http.sourceIp}), and the
 * response from {@link APIGatewayV2HTTPResponse}, without null fields.
 *
 * <p>Why not Lambda's runtime: a handler typed on the event classes makes the runtime build its own
 * object mapper, with mix-ins for every event type, on the first invocation: a tenth to a fifth of
 * a function's cold start (BENCHMARKS.md, "Cold starts"). A stream handler gets the bytes; this
 * mapper is one the function has made already.
 */
public final class ApiGatewayPayloads {
  private static final ObjectReader EVENT = Json.MAPPER.readerFor(APIGatewayV2HTTPEvent.class);
  private static final ObjectWriter RESPONSE =
      Json.MAPPER
          .writerFor(APIGatewayV2HTTPResponse.class)
          .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

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
    APIGatewayV2HTTPEvent event = EVENT.readValue(json);
    if (event == null) {
      throw new IOException("the event is JSON null");
    }
    return event;
  }

  public static void writeResponse(APIGatewayV2HTTPResponse response, OutputStream json)
      throws IOException {
    RESPONSE.writeValue(json, response);
  }
}
