-- drizzle-kit generates ENABLE ROW LEVEL SECURITY and the policies, but neither FORCE nor GRANTs.
-- This function applies both to every table, so each later migration ends with one call to it.
-- FORCE makes the owner role obey the policies too (it is a member of app_user/app_operator and is
-- therefore matched by their policies; outside those it sees nothing of a tenant table).
CREATE OR REPLACE FUNCTION longreach_secure_tables() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t record;
BEGIN
  EXECUTE 'GRANT USAGE ON SCHEMA public TO app_user, app_operator';
  FOR t IN SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' LOOP
    IF t.relrowsecurity THEN
      EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
      -- Tenants reach only tables guarded by policies; identity and sign-in tables stay out of reach.
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO app_user', t.relname);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO app_operator', t.relname);
  END LOOP;
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app_user, app_operator';
  -- The audit log is append-only for everyone but the owner.
  EXECUTE 'REVOKE UPDATE, DELETE ON audit_log FROM app_user, app_operator';
END $$;
--> statement-breakpoint
SELECT longreach_secure_tables();
