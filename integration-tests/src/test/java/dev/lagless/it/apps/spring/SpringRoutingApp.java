package dev.lagless.it.apps.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Table;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring Boot application that knows nothing of Lagless: HikariCP (Boot's default pool),
 * {@code JdbcTemplate}, {@code @Transactional} read-only and read-write services, and Hibernate through
 * Spring Data JPA. Prints {@code label port=N …} lines like the plain applications, then
 * {@code started uptime_ms=…} (JVM start to the application being ready).
 *
 * <p>Arguments: the usual Spring Boot ones ({@code --spring.datasource.url=…} and so on).
 */
@SpringBootApplication
@EnableJpaRepositories(considerNestedRepositories = true)
public class SpringRoutingApp implements CommandLineRunner {

  private final Reports reports;

  public SpringRoutingApp(Reports reports) {
    this.reports = reports;
  }

  public static void main(String[] args) {
    // A command-line application: no web server even though Spring MVC is on the class path.
    SpringApplication application = new SpringApplication(SpringRoutingApp.class);
    application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
    application.run(args);
  }

  @Override
  public void run(String... args) {
    System.out.println("started uptime_ms=" + ManagementFactory.getRuntimeMXBean().getUptime());
    System.out.println("jdbc-template-read port=" + reports.portOfAutoCommitRead());
    System.out.println("read-only-service " + reports.readOnlyService());
    System.out.println("read-write-service " + reports.readWriteService());
    System.out.println("jpa-read-only " + reports.jpaReadOnly());
    System.out.println("jpa-write " + reports.jpaWrite());
    long loadSeconds = Long.getLong("load.seconds", 0);
    if (loadSeconds > 0) {
      load(loadSeconds);
    }
    System.out.println("done");
  }

  /**
   * Optional ({@code -Dload.seconds=N}): four threads of JdbcTemplate point reads and read-only
   * services for N seconds, then the heap in use after a full collection ({@code heap used_kb=…}),
   * which is how the start-up run measures what the agent keeps in memory under load.
   */
  private void load(long seconds) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    java.util.concurrent.atomic.LongAdder operations = new java.util.concurrent.atomic.LongAdder();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        int i = 0;
        while (System.nanoTime() < end) {
          if (i++ % 10 == 0) {
            reports.readOnlyService();
          } else {
            reports.portOfAutoCommitRead();
          }
          operations.increment();
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    java.lang.management.MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    System.out.println("heap used_kb=" + heap.getUsed() / 1024 + " operations=" + operations.sum());
  }

  /** The table the JPA part maps. */
  @Entity
  @Table(name = "spring_items")
  public static class Item {
    @Id
    private Integer id;
    private String name;
    private int qty;

    public Integer getId() {
      return id;
    }

    public String getName() {
      return name;
    }

    public int getQty() {
      return qty;
    }

    public void setQty(int qty) {
      this.qty = qty;
    }
  }

  public interface Items extends JpaRepository<Item, Integer> {}

  @Service
  public static class Reports {
    private final JdbcTemplate jdbc;
    private final Items items;
    @PersistenceContext
    private EntityManager entityManager;

    public Reports(JdbcTemplate jdbc, Items items) {
      this.jdbc = jdbc;
      this.items = items;
    }

    public int portOfAutoCommitRead() {
      return jdbc.queryForObject("SELECT inet_server_port()", Integer.class);
    }

    @Transactional(readOnly = true)
    public String readOnlyService() {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        seen.add(jdbc.queryForObject("SELECT inet_server_port() || '/' || now()", String.class));
      }
      String name = jdbc.queryForObject("SELECT name FROM spring_items WHERE id = ?", String.class, 2);
      return "port=" + seen.get(0).split("/")[0] + " sameTransaction="
          + (seen.get(0).equals(seen.get(1)) && seen.get(1).equals(seen.get(2))) + " name=" + name;
    }

    @Transactional
    public String readWriteService() {
      int port = jdbc.queryForObject("SELECT inet_server_port()", Integer.class);
      int updated = jdbc.update("UPDATE spring_items SET qty = qty + 1 WHERE id = ?", 1);
      return "port=" + port + " updated=" + updated;
    }

    @Transactional(readOnly = true)
    public String jpaReadOnly() {
      Object port = entityManager.createNativeQuery("SELECT inet_server_port()").getSingleResult();
      Item item = items.findById(3).orElseThrow();
      long count = items.count();
      return "port=" + port + " name=" + item.getName() + " count=" + count;
    }

    @Transactional
    public String jpaWrite() {
      Object port = entityManager.createNativeQuery("SELECT inet_server_port()").getSingleResult();
      Item item = items.findById(4).orElseThrow();
      item.setQty(item.getQty() + 1);
      items.flush();
      return "port=" + port + " qty=" + item.getQty();
    }
  }
}
