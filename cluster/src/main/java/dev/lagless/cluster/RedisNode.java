package dev.lagless.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The Redis server of a {@link LocalCluster}: no persistence, 127.0.0.1 only. */
public final class RedisNode {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final int port;
  private final Path dir;
  private final Path log;
  private final RedisBinary binary;
  private final RunAs runAs;
  private volatile ServerProcess process;

  RedisNode(int port, Path dir, Path log, RedisBinary binary, RunAs runAs) {
    this.port = port;
    this.dir = dir;
    this.log = log;
    this.binary = binary;
    this.runAs = runAs;
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    ServerProcess current = process;
    return current != null && current.isAlive() ? current.pid() : -1;
  }

  public boolean isRunning() {
    ServerProcess current = process;
    return current != null && current.isAlive();
  }

  public synchronized void start() throws IOException {
    if (isRunning()) {
      return;
    }
    launch();
    awaitReady();
  }

  synchronized void launch() throws IOException {
    List<String> command = runAs.command(List.of(binary.program().toString(),
        "--port", Integer.toString(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--protected-mode", "no",
        "--dir", dir.toString(),
        "--pidfile", dir.resolve("redis.pid").toString()), "TERM");
    process = ServerProcess.start(command, log);
  }

  void awaitReady() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      ServerProcess current = process;
      if (current == null || !current.isAlive()) {
        throw new IOException("redis exited while starting; its log ends with:\n" + Os.tail(log, 20));
      }
      try {
        if (ping()) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      PostgresNode.pause(Duration.ofMillis(10));
    }
    throw new IOException("redis did not answer PING within " + START_TIMEOUT.toSeconds() + " s: " + last);
  }

  /** Sends {@code PING} over a plain socket; true when the server answers {@code +PONG}. */
  public boolean ping() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = 0;
      while (read < reply.length) {
        int n = in.read(reply, read, reply.length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    }
  }

  /** SIGTERM: Redis shuts down cleanly. */
  public synchronized void stop() throws IOException {
    shutDown("TERM");
  }

  public synchronized void kill() throws IOException {
    shutDown("KILL");
  }

  private void shutDown(String signal) throws IOException {
    ServerProcess current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    List<ProcessHandle> children = current.descendants();
    current.signal(signal);
    current.awaitExit(children, STOP_TIMEOUT);
    process = null;
  }

  @Override
  public String toString() {
    return "redis (127.0.0.1:" + port + ")";
  }
}
