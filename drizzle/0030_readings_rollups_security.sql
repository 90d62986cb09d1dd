-- FORCE row-level security and grants for the readings rollups, device locations, waste settings and gateway_devices (see 0002).
SELECT longreach_secure_tables();
