-- FORCE row-level security and grants for api_keys (see 0002).
SELECT longreach_secure_tables();
