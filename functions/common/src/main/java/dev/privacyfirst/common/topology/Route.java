package dev.privacyfirst.common.topology;

/**
 * One route of the HTTP API, in API Gateway's route-key syntax ("GET /v1/files/{id}").
 *
 * @param method HTTP method
 * @param path path with {name} parameters
 * @param function the function that serves it
 */
public record Route(String method, String path, FunctionSpec function) {
  public String routeKey() {
    return method + " " + path;
  }
}
