package dev.privacyfirst.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;

/** Every emulator listens on loopback only. */
final class Loopback {
  static final String HOST = "127.0.0.1";

  private Loopback() {}

  static InetAddress address() {
    return InetAddress.getLoopbackAddress();
  }

  static URI uri(int port) {
    return URI.create("http://" + HOST + ":" + port);
  }

  /**
   * The requested port, or a free one when 0 (free now; a race with other processes is possible).
   */
  static int portOrFree(int requested) {
    if (requested != 0) {
      return requested;
    }
    try (ServerSocketChannel channel = ServerSocketChannel.open()) {
      channel.bind(new InetSocketAddress(address(), 0), 1);
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
