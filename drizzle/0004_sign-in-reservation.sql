ALTER TABLE "sign_in_throttle" ADD COLUMN "last_attempt_id" uuid;--> statement-breakpoint
CREATE INDEX "sign_in_throttle_last_failure_idx" ON "sign_in_throttle" USING btree ("last_failure_at");