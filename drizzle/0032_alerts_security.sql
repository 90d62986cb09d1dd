-- FORCE row-level security and grants for alert_rules and alert_episodes (see 0002).
SELECT longreach_secure_tables();
