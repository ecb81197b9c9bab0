package dev.lagless.benchmarks;

import java.util.List;

/** Typical OLTP statements of 100–300 characters, as an ORM or hand-written DAO sends them. */
public final class Statements {

  private Statements() {}

  public static final List<String> OLTP = List.of(
      "SELECT u.id, u.email, u.display_name, u.created_at FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL",
      "SELECT o.id, o.status, o.total_cents, o.currency FROM orders o WHERE o.customer_id = ? "
          + "ORDER BY o.created_at DESC LIMIT 20",
      "select p.id, p.sku, p.name, p.price from products p join categories c on c.id = p.category_id "
          + "where c.slug = 'garden-tools' and p.active = true order by p.name limit 50 offset 100",
      "UPDATE accounts SET balance = balance - $1, updated_at = now() WHERE id = $2 AND balance >= $1",
      "INSERT INTO audit_log (actor_id, action, entity, entity_id, payload, created_at) "
          + "VALUES (?, ?, ?, ?, ?::jsonb, now())",
      "WITH recent AS (SELECT customer_id, sum(total_cents) AS spent FROM orders WHERE created_at > now() - "
          + "interval '30 days' GROUP BY customer_id) SELECT c.id, c.name, r.spent FROM customers c JOIN recent r "
          + "ON r.customer_id = c.id WHERE r.spent > 10000",
      "SELECT id, version, payload FROM jobs WHERE queue = $1 AND run_at <= now() ORDER BY run_at "
          + "FOR UPDATE SKIP LOCKED LIMIT 10",
      "SELECT count(*) FROM sessions s WHERE s.user_id = ? AND s.expires_at > now() AND s.revoked = false",
      "DELETE FROM carts WHERE updated_at < now() - interval '7 days' AND checked_out = false RETURNING id",
      "SELECT i.id, i.title, i.body FROM items i WHERE i.tenant_id = $1 AND i.id IN ($2, $3, $4, $5, $6) "
          + "/* controller:items,action:show */");
}
