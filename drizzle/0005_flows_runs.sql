CREATE TYPE "public"."flow_action_status" AS ENUM('running', 'succeeded', 'failed', 'skipped', 'timed_out', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."flow_run_status" AS ENUM('waiting', 'running', 'succeeded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."flow_run_trigger" AS ENUM('manual', 'schedule', 'http');--> statement-breakpoint
CREATE TABLE "flow_run_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"name" text NOT NULL,
	"path" text NOT NULL,
	"type" text NOT NULL,
	"status" "flow_action_status" NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer,
	"attempts" integer DEFAULT 1 NOT NULL,
	"inputs" jsonb,
	"outputs" jsonb,
	"error" jsonb,
	"truncated" boolean DEFAULT false NOT NULL,
	"slot" text,
	"connection_id" uuid,
	"connection_name" text,
	"connection_owner_id" uuid,
	"connection_owner_name" text
);
--> statement-breakpoint
CREATE TABLE "flow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"environment_id" uuid NOT NULL,
	"flow_id" uuid NOT NULL,
	"started_by" uuid,
	"trigger" "flow_run_trigger" NOT NULL,
	"status" "flow_run_status" DEFAULT 'waiting' NOT NULL,
	"trigger_outputs" jsonb,
	"invoker_connections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" jsonb,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "flow_connections" ADD COLUMN "connector_id" uuid;--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "document" json DEFAULT '{}'::json NOT NULL;--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "findings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "http_signature" "bytea";--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "next_run_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "flow_run_actions" ADD CONSTRAINT "flow_run_actions_run_id_flow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."flow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_environment_id_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."environments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flow_run_actions_run_idx" ON "flow_run_actions" USING btree ("run_id","sequence");--> statement-breakpoint
CREATE INDEX "flow_runs_flow_idx" ON "flow_runs" USING btree ("flow_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "flow_runs_flow_starter_idx" ON "flow_runs" USING btree ("flow_id","started_by","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "flow_runs_created_idx" ON "flow_runs" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "flow_connections" ADD CONSTRAINT "flow_connections_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flows_creator_idx" ON "flows" USING btree ("created_by","environment_id","updated_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "flows_due_idx" ON "flows" USING btree ("next_run_at") WHERE "flows"."state" = 'on' and "flows"."trigger_kind" = 'scheduled';