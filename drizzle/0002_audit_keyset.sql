DROP INDEX "audit_log_org_time_idx";--> statement-breakpoint
CREATE INDEX "audit_log_org_id_idx" ON "audit_log" USING btree ("organization_id","id" DESC NULLS LAST);