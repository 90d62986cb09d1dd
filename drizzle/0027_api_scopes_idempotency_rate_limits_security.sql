-- FORCE row-level security and grants for api_key_rate_limits and api_idempotency_keys (see 0002).
SELECT longreach_secure_tables();
