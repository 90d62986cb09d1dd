-- FORCE row-level security and grants for unclaimed_devices (see 0002).
SELECT longreach_secure_tables();
