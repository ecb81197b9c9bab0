INSERT INTO customer (email, name)
SELECT 'c' || g || '@example.org', 'Customer ' || g FROM generate_series(1, 50) g;
