package dev.lagless.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sample application of the demo: plain JDBC, nothing of Lagless in it. People update their
 * profile and are sent to their dashboard, which must show the change; a reporting job reads heavily
 * in read-only transactions. Every read also asks {@code inet_server_port()}, so the application
 * itself knows which server answered, and every dashboard read is checked against what that person
 * just wrote: an older version is a stale read.
 *
 * <p>Prints a cumulative {@code stats ...} line every second and a {@code done ...} line at the end
 * (the demo command renders them). Arguments: JDBC URL, user, password, seconds, people, reporters,
 * profiles in the table.
 */
public final class ProfilesApp {

  private static final String UPDATE = "UPDATE profiles SET name = ?, version = ?, updated_at = now() WHERE id = ?";
  private static final String DASHBOARD = "SELECT name, version, inet_server_port() FROM profiles WHERE id = ?";
  private static final String RECENT = "SELECT count(*), inet_server_port() FROM profiles"
      + " WHERE updated_at > now() - interval '1 minute'";
  private static final String REPORT_TOTALS = "SELECT count(*), sum(version), inet_server_port() FROM profiles";
  private static final String REPORT_TOP = "SELECT id, version, inet_server_port() FROM profiles"
      + " ORDER BY version DESC LIMIT 10";

  private final LongAdder writes = new LongAdder();
  private final LongAdder reads = new LongAdder();
  private final LongAdder checked = new LongAdder();
  private final LongAdder stale = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<Integer, LongAdder> readsByPort = new ConcurrentHashMap<>();
  private final AtomicLong firstError = new AtomicLong();
  private volatile boolean running = true;

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    long seconds = Long.parseLong(args[3]);
    int people = Integer.parseInt(args[4]);
    int reporters = Integer.parseInt(args[5]);
    int profiles = Integer.parseInt(args[6]);
    new ProfilesApp().run(url, user, password, seconds, people, reporters, profiles);
  }

  private void run(String url, String user, String password, long seconds, int people, int reporters, int profiles)
      throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < people; i++) {
      int person = i + 1; // each person updates only their own profile: their dashboard is checkable
      threads.add(worker("person-" + person, () -> person(url, user, password, person)));
    }
    for (int i = 0; i < reporters; i++) {
      threads.add(worker("report-" + (i + 1), () -> report(url, user, password, profiles)));
    }
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    threads.forEach(Thread::start);
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      System.out.println("stats " + counters((System.nanoTime() - start) / 1_000_000));
    }
    running = false;
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    System.out.println("done " + counters((System.nanoTime() - start) / 1_000_000));
  }

  private String counters(long elapsedMillis) {
    StringBuilder nodes = new StringBuilder();
    for (Map.Entry<Integer, LongAdder> entry : new TreeMap<>(readsByPort).entrySet()) {
      nodes.append(nodes.length() == 0 ? "" : ",").append(entry.getKey()).append(':').append(entry.getValue().sum());
    }
    return "elapsed_ms=" + elapsedMillis + " writes=" + writes.sum() + " reads=" + reads.sum() + " checked="
        + checked.sum() + " stale=" + stale.sum() + " errors=" + errors.sum() + " nodes=" + nodes;
  }

  private interface Work {
    void run() throws SQLException;
  }

  private Thread worker(String name, Work work) {
    Thread thread = new Thread(() -> {
      while (running) {
        try {
          work.run();
        } catch (SQLException e) {
          errors.increment();
          if (firstError.compareAndSet(0, 1)) {
            System.err.println(name + ": " + e.getSQLState() + " " + e.getMessage());
          }
        }
      }
    }, name);
    thread.setDaemon(true);
    return thread;
  }

  /** A person: save the profile, land on the dashboard, check it shows what was saved. */
  private void person(String url, String user, String password, int id) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement update = c.prepareStatement(UPDATE);
        PreparedStatement dashboard = c.prepareStatement(DASHBOARD);
        PreparedStatement recent = c.prepareStatement(RECENT)) {
      long version = currentVersion(dashboard, id);
      while (running) {
        version++;
        update.setString(1, "person " + id + " v" + version);
        update.setLong(2, version);
        update.setInt(3, id);
        update.executeUpdate();
        writes.increment();
        dashboard.setInt(1, id);
        try (ResultSet rs = dashboard.executeQuery()) {
          rs.next();
          read(rs.getInt(3));
          checked.increment();
          if (rs.getLong(2) < version) {
            stale.increment();
          }
        }
        try (ResultSet rs = recent.executeQuery()) {
          rs.next();
          read(rs.getInt(2));
        }
        pause(20); // think time: people are not a tight loop
      }
    }
  }

  private long currentVersion(PreparedStatement dashboard, int id) throws SQLException {
    dashboard.setInt(1, id);
    try (ResultSet rs = dashboard.executeQuery()) {
      if (!rs.next()) {
        return 0;
      }
      read(rs.getInt(3));
      return rs.getLong(2);
    }
  }

  /** The reporting job: read-only transactions of aggregate reads, what @Transactional(readOnly = true) does. */
  private void report(String url, String user, String password, int profiles) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement totals = c.prepareStatement(REPORT_TOTALS);
        PreparedStatement top = c.prepareStatement(REPORT_TOP);
        PreparedStatement one = c.prepareStatement(DASHBOARD)) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      while (running) {
        try (ResultSet rs = totals.executeQuery()) {
          rs.next();
          read(rs.getInt(3));
        }
        try (ResultSet rs = top.executeQuery()) {
          int port = 0;
          while (rs.next()) {
            port = rs.getInt(3);
          }
          read(port);
        }
        one.setInt(1, 1 + ThreadLocalRandom.current().nextInt(profiles));
        try (ResultSet rs = one.executeQuery()) {
          read(rs.next() ? rs.getInt(3) : 0);
        }
        c.commit();
        pause(5);
      }
    }
  }

  private void read(int port) {
    reads.increment();
    readsByPort.computeIfAbsent(port, p -> new LongAdder()).increment();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
