-- Orders, each created once per idempotency key (the unique index is what makes a retried POST safe).
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  -- SHA-256 of the order's fields: a key reused for a different order is refused.
  request_hash text NOT NULL,
  customer_email text NOT NULL,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  currency char(3) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
