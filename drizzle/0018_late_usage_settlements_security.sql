-- FORCE row-level security and grants for late_usage_settlements (see 0002).
SELECT longreach_secure_tables();
