package dev.lagless.it.backends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The local addresses on which some process of this machine listens on a TCP port, read from the kernel
 * ({@code /proc/net/tcp} and {@code tcp6}): how a test proves that a server listens on 127.0.0.1 and
 * nothing else ({@code 0.0.0.0} or {@code ::} would show up here).
 */
public final class ListeningSockets {

  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /**
   * Every address listening on {@code port}, as {@link InetAddress#getHostAddress()} gives it; an
   * IPv4-mapped IPv6 socket ({@code ::ffff:127.0.0.1}, what Netty opens) counts as its IPv4 address.
   */
  public static Set<String> addresses(int port) {
    Set<String> addresses = new TreeSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        if (table.endsWith("6")) {
          continue; // IPv6 disabled in this kernel
        }
        throw new UncheckedIOException(e);
      }
      for (String line : lines.subList(1, lines.size())) {
        // "sl local_address rem_address st ...", local_address = HEXADDRESS:HEXPORT
        String[] fields = line.trim().split("\\s+");
        String[] local = fields[1].split(":");
        if (fields[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
          addresses.add(address(local[0]).getHostAddress());
        }
      }
    }
    return addresses;
  }

  /** The kernel prints each 32-bit word of the address in the machine's own byte order. */
  private static InetAddress address(String hex) {
    ByteBuffer words = ByteBuffer.wrap(HexFormat.of().parseHex(hex)).order(ByteOrder.nativeOrder());
    ByteBuffer bytes = ByteBuffer.allocate(words.capacity()).order(ByteOrder.BIG_ENDIAN);
    while (words.hasRemaining()) {
      bytes.putInt(words.getInt());
    }
    try {
      // 16 bytes of an IPv4-mapped address come back as an Inet4Address.
      return InetAddress.getByAddress(bytes.array());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("bad address " + hex, e);
    }
  }
}
