CREATE TYPE "public"."gateway_location_source" AS ENUM('operator', 'network');--> statement-breakpoint
ALTER TABLE "gateways" ADD COLUMN "location_source" "gateway_location_source";