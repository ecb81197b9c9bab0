CREATE OR REPLACE VIEW customer_totals AS
SELECT c.id, c.email, c.status, order_total(c.id) AS total FROM customer c;
