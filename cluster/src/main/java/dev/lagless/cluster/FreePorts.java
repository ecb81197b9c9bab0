package dev.lagless.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, as the kernel hands them out (also for servers started beside a cluster). */
public final class FreePorts {
  private FreePorts() {}

  public static int next() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
