ALTER TABLE "bin_levels" ADD COLUMN "rate_per_hour" real;--> statement-breakpoint
ALTER TABLE "bin_levels" ADD COLUMN "full_at" timestamp with time zone;