-- Until now only operators could give a gateway a location (ingestion never wrote one), so every
-- location already stored is an operator's, and traffic must not overwrite it.
UPDATE "gateways" SET "location_source" = 'operator' WHERE "latitude" IS NOT NULL AND "longitude" IS NOT NULL;
