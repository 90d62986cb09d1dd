-- FORCE row-level security and grants for the billing tables (see 0002).
SELECT longreach_secure_tables();
