-- FORCE row-level security and grants for the new job tables (see 0002).
SELECT longreach_secure_tables();
