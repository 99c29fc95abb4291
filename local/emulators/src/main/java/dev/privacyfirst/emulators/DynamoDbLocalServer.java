package dev.privacyfirst.emulators;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.CommandLineInput;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local, in this JVM, on loopback. */
final class DynamoDbLocalServer implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final int port;

  private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * @param dbDir directory of the shared database file, or null for in memory
   */
  static DynamoDbLocalServer start(int port, Path dbDir) {
    List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port)));
    if (dbDir == null) {
      args.add("-inMemory");
    } else {
      args.addAll(List.of("-dbPath", dbDir.toAbsolutePath().toString()));
    }
    // One database whatever the credentials and region; never phone home.
    args.addAll(List.of("-sharedDb", "-disableTelemetry"));
    try {
      // createServer rather than createServerFromCommandLineArgs, which prints its configuration.
      CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
      if (!input.init()) {
        throw new IllegalStateException("DynamoDB Local refused its arguments: " + args);
      }
      DynamoDBProxyServer server = ServerRunner.createServer(input);
      bindToLoopback(server);
      server.start();
      return new DynamoDbLocalServer(server, port);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
    }
  }

  /**
   * DynamoDB Local builds {@code new Server(port)}, which listens on every interface and offers no
   * option to change it; its connector is reachable before start, so it is narrowed here.
   */
  private static void bindToLoopback(DynamoDBProxyServer proxy)
      throws ReflectiveOperationException {
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    int narrowed = 0;
    for (Connector connector : jetty.getConnectors()) {
      if (connector instanceof ServerConnector serverConnector) {
        serverConnector.setHost(Loopback.HOST);
        narrowed++;
      }
    }
    if (narrowed == 0) {
      throw new IllegalStateException("DynamoDB Local has no connector to bind to loopback");
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
