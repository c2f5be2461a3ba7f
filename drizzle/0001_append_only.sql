-- Evidence the product itself cannot rewrite: the audit log is append-only,
-- and a released connector version never changes (it may only go with its connector).
CREATE FUNCTION makerport_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION makerport_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION makerport_refuse_change();--> statement-breakpoint
CREATE TRIGGER connector_versions_immutable
  BEFORE UPDATE ON connector_versions
  FOR EACH ROW EXECUTE FUNCTION makerport_refuse_change();
