-- The database enforces the invoice life cycle and the retention rule of
-- the access log, so that even the server's own role cannot skip them.

CREATE OR REPLACE FUNCTION invoices_protect_lifecycle() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
        (OLD.status, NEW.status) IN (
            ('issued', 'delivered'), ('delivered', 'acknowledged'),
            ('acknowledged', 'archived'), ('reversed', 'archived'),
            ('partially_reversed', 'archived'))
        OR (OLD.kind = 'invoice'
            AND OLD.status IN ('issued', 'delivered', 'acknowledged', 'partially_reversed')
            AND NEW.status IN ('reversed', 'partially_reversed')
            AND NEW.credited_total > OLD.credited_total)) THEN
        RAISE EXCEPTION 'invoice % cannot go from % to %', OLD.invoice_id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.credited_total < OLD.credited_total THEN
        RAISE EXCEPTION 'credited total of invoice % cannot decrease', OLD.invoice_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.credited_total > OLD.credited_total AND NEW.status NOT IN ('reversed', 'partially_reversed') THEN
        RAISE EXCEPTION 'invoice % was credited without becoming reversed', OLD.invoice_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF (OLD.delivered_at IS NOT NULL AND NEW.delivered_at IS DISTINCT FROM OLD.delivered_at)
       OR (OLD.acknowledged_at IS NOT NULL AND NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at)
       OR (OLD.archived_at IS NOT NULL AND NEW.archived_at IS DISTINCT FROM OLD.archived_at)
       OR (OLD.delivered_at IS NOT NULL
           AND (NEW.delivery_channel, NEW.delivery_recipient)
               IS DISTINCT FROM (OLD.delivery_channel, OLD.delivery_recipient)) THEN
        RAISE EXCEPTION 'life-cycle times of invoice % are set once', OLD.invoice_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER invoices_lifecycle
    BEFORE UPDATE ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoices_protect_lifecycle();

-- Lines belong to the invoice as issued: none can be added once its
-- content hash is stored.
CREATE FUNCTION invoice_lines_reject_late_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM invoices
               WHERE tenant_id = NEW.tenant_id AND invoice_id = NEW.invoice_id
                 AND content_hash IS NOT NULL) THEN
        RAISE EXCEPTION 'invoice % is issued; lines cannot be added', NEW.invoice_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER invoice_lines_issued_only
    BEFORE INSERT ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoice_lines_reject_late_insert();

-- The retention exception covers only entries older than the legal minimum
-- of 183 days, and only seals whose entry is that old.
CREATE OR REPLACE FUNCTION access_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('fapiao.retention_purge', true) = 'on' THEN
        IF TG_TABLE_NAME = 'access_log' AND OLD.occurred_at < now() - interval '183 days' THEN
            RETURN OLD;
        END IF;
        IF TG_TABLE_NAME = 'access_log_seals' AND EXISTS (
            SELECT FROM access_log a
            WHERE a.tenant_id = OLD.tenant_id AND a.entry_id = OLD.entry_id
              AND a.occurred_at < now() - interval '183 days') THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
