CREATE TYPE customer_status AS ENUM ('new', 'active', 'gone');
ALTER TABLE customer ADD COLUMN status customer_status NOT NULL DEFAULT 'new';
UPDATE customer SET status = 'active' WHERE id IN (SELECT customer_id FROM orders);
