package dev.privacyfirst.emulators;

import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.BucketSpec;
import dev.privacyfirst.common.topology.Buckets;
import dev.privacyfirst.common.topology.TableSpec;
import dev.privacyfirst.common.topology.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port that counts every connection made to it and answers none: point every AWS
 * endpoint at it to prove that code (SnapStart priming) sends no request at all.
 */
public final class Tripwire implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  public Tripwire() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = Thread.ofPlatform().daemon().name("tripwire").start(this::accept);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket ignored = socket.accept()) {
        connections.incrementAndGet();
      } catch (IOException e) {
        // closed
      }
    }
  }

  /** Connections made so far. */
  public int connections() {
    return connections.get();
  }

  public URI uri() {
    return Loopback.uri(socket.getLocalPort());
  }

  /**
   * Settings like {@link Emulators#settings()}, every service's endpoint this port, and local keys
   * under {@code keys}.
   */
  public Map<String, String> settings(Path keys) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(EnvVars.AWS_REGION, Emulators.REGION);
    for (String service : new String[] {"dynamodb", "s3", "sesv2", "kms", "secrets_manager"}) {
      settings.put(EnvVars.endpointOverride(service), uri().toString());
    }
    settings.put("AWS_ACCESS_KEY_ID", Emulators.ACCESS_KEY_ID);
    settings.put("AWS_SECRET_ACCESS_KEY", Emulators.SECRET_ACCESS_KEY);
    settings.put(EnvVars.MASTER_KEY, "local:" + keys.resolve("master.key"));
    settings.put(EnvVars.SECRETS_SOURCE, "file:" + keys.resolve("secrets"));
    for (TableSpec table : Tables.ALL) {
      settings.put(table.envVar(), table.localName());
    }
    for (BucketSpec bucket : Buckets.ALL) {
      settings.put(bucket.envVar(), bucket.localName());
    }
    return settings;
  }

  @Override
  public void close() {
    try {
      socket.close();
      acceptor.join(1000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
