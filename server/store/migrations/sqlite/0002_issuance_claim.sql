-- While set and in the future, one server instance is asking the issuer for the order's
-- certificate; others answer "pending" instead of asking too.
ALTER TABLE orders ADD COLUMN issuing_until TEXT;
