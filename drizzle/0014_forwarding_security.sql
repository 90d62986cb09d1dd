-- FORCE row-level security and grants for forwarders and forward_deliveries (see 0002).
SELECT longreach_secure_tables();
