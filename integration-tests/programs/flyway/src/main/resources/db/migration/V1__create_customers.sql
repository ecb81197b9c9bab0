-- Written the way hand-made migrations are: several statements per file, comments, a dollar-quoted body.
CREATE TABLE customer (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name varchar(80)
);
CREATE INDEX customer_name ON customer (name);
COMMENT ON TABLE customer IS 'people who buy; their e-mail is unique';
