package dev.privacyfirst.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

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
   * The requested ports, each 0 replaced by a free port, every one distinct: the free ones are held
   * open together while they are chosen, so two servers of one start can never be handed the same
   * port (chosen one at a time, a port just released could be handed out again before the first
   * server had bound it). A race with other processes is still possible.
   */
  static int[] portsOrFree(int... requested) {
    List<ServerSocketChannel> held = new ArrayList<>();
    try {
      int[] ports = new int[requested.length];
      for (int i = 0; i < requested.length; i++) {
        if (requested[i] != 0) {
          ports[i] = requested[i];
          continue;
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        held.add(channel);
        channel.bind(new InetSocketAddress(address(), 0), 1);
        ports[i] = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocketChannel channel : held) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing a listening socket that never accepted
        }
      }
    }
  }
}
