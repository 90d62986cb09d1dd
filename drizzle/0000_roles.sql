-- Roles are cluster-wide, so creating them must be idempotent (a second database on the same server
-- would otherwise fail with "role already exists"). NOLOGIN: they are only ever entered with SET ROLE.
DO $$ BEGIN CREATE ROLE app_user NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
--> statement-breakpoint
DO $$ BEGIN CREATE ROLE app_operator NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
--> statement-breakpoint
-- The migrating (owner) role must be a member to SET ROLE into them.
GRANT app_user TO CURRENT_USER;
--> statement-breakpoint
GRANT app_operator TO CURRENT_USER;
