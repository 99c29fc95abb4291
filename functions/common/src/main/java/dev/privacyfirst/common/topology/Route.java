package dev.privacyfirst.common.topology;

/**
 * One route of the HTTP API, in API Gateway's route-key syntax ("GET /v1/files/{id}").
 *
 * @param method HTTP method
 * @param path path with {name} parameters
 * @param function the function that serves it
 * @param auth who API Gateway lets through to the function
 */
public record Route(String method, String path, FunctionSpec function, Auth auth) {
  /** How API Gateway authorises a route before the function sees the request. */
  public enum Auth {
    /**
     * No API Gateway authoriser: the function authenticates (session cookie or bearer token, link
     * token) or the route is public.
     */
    NONE,
    /**
     * {@code AWS_IAM}: only requests SigV4-signed by an AWS identity allowed {@code
     * execute-api:Invoke} on the route reach the function, which finds that identity in {@code
     * requestContext.authorizer.iam} (payload 2.0). Operator routes; the local cloud emulates it.
     */
    IAM
  }

  public Route(String method, String path, FunctionSpec function) {
    this(method, path, function, Auth.NONE);
  }

  public String routeKey() {
    return method + " " + path;
  }
}
