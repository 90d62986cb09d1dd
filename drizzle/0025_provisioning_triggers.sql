-- FORCE row-level security and grants for the provisioning tables (see 0002).
SELECT longreach_secure_tables();
--> statement-breakpoint
-- The provisioning outbox is written by triggers, so every path that changes a tenant, a device profile
-- or a device (portal, CSV import, adoption, billing's suspensions, scripts) queues its job in the same
-- transaction, and none can forget to. Jobs are queued only while a network server is managed.
-- SECURITY DEFINER: tenants (app_user) may not read network_management, but may know whether it exists.
CREATE OR REPLACE FUNCTION longreach_provisioning_enabled() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM network_management)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION longreach_queue_device_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT longreach_provisioning_enabled() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, dev_eui, reason)
    -- A transaction may say why it adds devices (adoption does), so their jobs say so too.
    SELECT tenant_id, 'device', id::text, dev_eui, coalesce(nullif(current_setting('app.provisioning_reason', true), ''), 'registered')
    FROM changed_rows ORDER BY dev_eui;
  ELSE
    INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, dev_eui, reason)
    SELECT tenant_id, 'device', id::text, dev_eui, 'deleted' FROM changed_rows ORDER BY dev_eui;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Statement triggers with transition tables: a 500-row CSV import queues its 500 jobs in one INSERT.
CREATE TRIGGER devices_provisioning_insert AFTER INSERT ON devices
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION longreach_queue_device_jobs();
--> statement-breakpoint
CREATE TRIGGER devices_provisioning_delete AFTER DELETE ON devices
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION longreach_queue_device_jobs();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION longreach_queue_device_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF longreach_provisioning_enabled() THEN
    INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, dev_eui, reason)
    VALUES (NEW.tenant_id, 'device', NEW.id::text, NEW.dev_eui, 'updated');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Only the columns the network server holds: ingestion's per-uplink updates (last seen, counters) never fire it.
CREATE TRIGGER devices_provisioning_update
  AFTER UPDATE OF name, description, profile_id, activation, join_eui, app_key_enc, dev_addr, nwk_s_key_enc, app_s_key_enc ON devices
  FOR EACH ROW WHEN (
    OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description
    OR OLD.profile_id IS DISTINCT FROM NEW.profile_id OR OLD.activation IS DISTINCT FROM NEW.activation
    OR OLD.join_eui IS DISTINCT FROM NEW.join_eui OR OLD.app_key_enc IS DISTINCT FROM NEW.app_key_enc
    OR OLD.dev_addr IS DISTINCT FROM NEW.dev_addr OR OLD.nwk_s_key_enc IS DISTINCT FROM NEW.nwk_s_key_enc
    OR OLD.app_s_key_enc IS DISTINCT FROM NEW.app_s_key_enc
  ) EXECUTE FUNCTION longreach_queue_device_update();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION longreach_queue_profile_job() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE row_ record;
BEGIN
  IF NOT longreach_provisioning_enabled() THEN RETURN NULL; END IF;
  IF TG_OP = 'DELETE' THEN row_ := OLD; ELSE row_ := NEW; END IF;
  -- Network-server profiles are made when a device first needs one, so only changes and deletions queue.
  INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, reason)
  VALUES (row_.tenant_id, 'profile', row_.id::text, CASE WHEN TG_OP = 'DELETE' THEN 'deleted' ELSE 'updated' END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER device_profiles_provisioning_update
  AFTER UPDATE OF name, region, mac_version, device_class, codec_source ON device_profiles
  FOR EACH ROW WHEN (
    OLD.name IS DISTINCT FROM NEW.name OR OLD.region IS DISTINCT FROM NEW.region OR OLD.mac_version IS DISTINCT FROM NEW.mac_version
    OR OLD.device_class IS DISTINCT FROM NEW.device_class OR OLD.codec_source IS DISTINCT FROM NEW.codec_source
  ) EXECUTE FUNCTION longreach_queue_profile_job();
--> statement-breakpoint
CREATE TRIGGER device_profiles_provisioning_delete AFTER DELETE ON device_profiles
  FOR EACH ROW EXECUTE FUNCTION longreach_queue_profile_job();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION longreach_queue_tenant_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT longreach_provisioning_enabled() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, reason) VALUES (NEW.id, 'tenant', NEW.id::text, 'onboarded');
    RETURN NULL;
  END IF;
  INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, reason)
  VALUES (NEW.id, 'tenant', NEW.id::text, CASE WHEN OLD.status IS DISTINCT FROM NEW.status THEN 'tenant_' || NEW.status ELSE 'renamed' END);
  -- Suspending disables every device on the network server, reactivating enables them, closing removes them.
  IF OLD.status IS DISTINCT FROM NEW.status AND (OLD.status IN ('suspended', 'closed') OR NEW.status IN ('suspended', 'closed')) THEN
    INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, dev_eui, reason)
    SELECT d.tenant_id, 'device', d.id::text, d.dev_eui, 'tenant_' || NEW.status FROM devices d WHERE d.tenant_id = NEW.id ORDER BY d.dev_eui;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tenants_provisioning_insert AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION longreach_queue_tenant_jobs();
--> statement-breakpoint
CREATE TRIGGER tenants_provisioning_update AFTER UPDATE OF status, name ON tenants
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION longreach_queue_tenant_jobs();
--> statement-breakpoint
-- A tenant's device and gateway limits on the network server come from its plan.
CREATE OR REPLACE FUNCTION longreach_queue_plan_limit_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT longreach_provisioning_enabled() THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'tenant_billing' THEN
    IF TG_OP = 'UPDATE' AND OLD.plan_id IS NOT DISTINCT FROM NEW.plan_id THEN RETURN NULL; END IF;
    INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, reason) VALUES (NEW.tenant_id, 'tenant', NEW.tenant_id::text, 'plan_changed');
  ELSE
    INSERT INTO provisioning_jobs (tenant_id, subject, subject_id, reason)
    SELECT b.tenant_id, 'tenant', b.tenant_id::text, 'plan_limits_changed' FROM tenant_billing b WHERE b.plan_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tenant_billing_provisioning AFTER INSERT OR UPDATE OF plan_id ON tenant_billing
  FOR EACH ROW WHEN (NEW.plan_id IS NOT NULL) EXECUTE FUNCTION longreach_queue_plan_limit_jobs();
--> statement-breakpoint
CREATE TRIGGER plans_provisioning AFTER UPDATE OF max_devices, max_gateways ON plans
  FOR EACH ROW WHEN (OLD.max_devices IS DISTINCT FROM NEW.max_devices OR OLD.max_gateways IS DISTINCT FROM NEW.max_gateways)
  EXECUTE FUNCTION longreach_queue_plan_limit_jobs();
