CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  total numeric(10, 2) NOT NULL CHECK (total >= 0)
);
CREATE FUNCTION order_total(c bigint) RETURNS numeric LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(sum(total), 0) FROM orders WHERE customer_id = c);
END
$$;
INSERT INTO orders (customer_id, total) SELECT id, id * 1.5 FROM customer WHERE id <= 10;
