ALTER TABLE "connector_versions" ALTER COLUMN "document" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "connectors" ALTER COLUMN "document" SET DATA TYPE json;