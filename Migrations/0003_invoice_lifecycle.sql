-- Credit notes, the delivery life cycle, content hashes, retention and the
-- rules that keep issued content unchanged.

ALTER TABLE invoice_series ADD COLUMN include_year boolean NOT NULL DEFAULT true;

ALTER TABLE invoices
    ADD COLUMN kind text NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),
    ADD COLUMN original_invoice_id uuid,
    ADD COLUMN credit_reason text CHECK (credit_reason IN (
        'invoicing_error', 'sales_return', 'sales_discount', 'service_stopped')),
    -- SHA-256 of the canonical encoding of the issued content; set once,
    -- right after the invoice and its lines are inserted.
    ADD COLUMN content_hash bytea CHECK (content_hash IS NULL OR length(content_hash) = 32),
    ADD COLUMN delivery_channel text,
    ADD COLUMN delivery_recipient text,
    ADD COLUMN delivered_at timestamptz,
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN archived_at timestamptz,
    -- For an invoice: the total_with_tax of its credit notes, as a positive sum.
    ADD COLUMN credited_total numeric NOT NULL DEFAULT 0,
    ADD COLUMN warnings text[] NOT NULL DEFAULT '{}',
    -- Last day on which the invoice must be kept: the end of its issue year
    -- (China Standard Time) plus the tenant's retention period.
    ADD COLUMN retention_until date NOT NULL DEFAULT '9999-12-31',
    ADD CONSTRAINT credit_note_has_original CHECK (
        (kind = 'invoice' AND original_invoice_id IS NULL AND credit_reason IS NULL)
        OR (kind = 'credit_note' AND original_invoice_id IS NOT NULL AND credit_reason IS NOT NULL)),
    ADD CONSTRAINT credited_within_total CHECK (
        credited_total >= 0 AND (kind = 'credit_note' OR credited_total <= total_with_tax)),
    ADD CONSTRAINT credit_note_original_fk FOREIGN KEY (tenant_id, original_invoice_id)
        REFERENCES invoices (tenant_id, invoice_id);

-- Credit note lines carry negative quantities.
ALTER TABLE invoice_lines DROP CONSTRAINT invoice_lines_quantity_check;
ALTER TABLE invoice_lines ADD CONSTRAINT invoice_lines_quantity_check CHECK (quantity <> 0);

CREATE INDEX invoices_issued ON invoices (tenant_id, issued_at DESC, invoice_id DESC);
CREATE INDEX invoices_buyer_tax_id ON invoices (tenant_id, buyer_tax_id, issued_at DESC, invoice_id DESC);
CREATE INDEX invoices_status ON invoices (tenant_id, status, issued_at DESC, invoice_id DESC);
CREATE INDEX invoices_original ON invoices (tenant_id, original_invoice_id)
    WHERE original_invoice_id IS NOT NULL;

-- Issued content never changes and nothing is deleted within retention,
-- whoever tries: these triggers also bind the table owner.
CREATE FUNCTION invoices_protect_content() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.retention_until >= current_date THEN
            RAISE EXCEPTION 'invoice % must be kept until %', OLD.invoice_id, OLD.retention_until
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF (NEW.tenant_id, NEW.invoice_id, NEW.series, NEW.number, NEW.display_number, NEW.kind,
        NEW.original_invoice_id, NEW.credit_reason, NEW.idempotency_key, NEW.request_hash,
        NEW.seller_name, NEW.seller_tax_id, NEW.seller_address, NEW.seller_phone,
        NEW.seller_bank_name, NEW.seller_bank_account, NEW.buyer_name, NEW.buyer_tax_id,
        NEW.buyer_address, NEW.buyer_phone, NEW.buyer_bank_name, NEW.buyer_bank_account,
        NEW.currency, NEW.total_amount, NEW.total_tax, NEW.total_with_tax, NEW.remarks,
        NEW.issuer, NEW.issued_by, NEW.issued_at, NEW.warnings, NEW.retention_until)
       IS DISTINCT FROM
       (OLD.tenant_id, OLD.invoice_id, OLD.series, OLD.number, OLD.display_number, OLD.kind,
        OLD.original_invoice_id, OLD.credit_reason, OLD.idempotency_key, OLD.request_hash,
        OLD.seller_name, OLD.seller_tax_id, OLD.seller_address, OLD.seller_phone,
        OLD.seller_bank_name, OLD.seller_bank_account, OLD.buyer_name, OLD.buyer_tax_id,
        OLD.buyer_address, OLD.buyer_phone, OLD.buyer_bank_name, OLD.buyer_bank_account,
        OLD.currency, OLD.total_amount, OLD.total_tax, OLD.total_with_tax, OLD.remarks,
        OLD.issuer, OLD.issued_by, OLD.issued_at, OLD.warnings, OLD.retention_until) THEN
        RAISE EXCEPTION 'issued content of invoice % cannot change; issue a credit note instead',
            OLD.invoice_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.content_hash IS NOT NULL AND NEW.content_hash IS DISTINCT FROM OLD.content_hash THEN
        RAISE EXCEPTION 'content hash of invoice % cannot change', OLD.invoice_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER invoices_immutable
    BEFORE UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION invoices_protect_content();

CREATE FUNCTION invoice_lines_protect_content() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    kept_until date;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'lines of issued invoice % cannot change', OLD.invoice_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT retention_until INTO kept_until FROM invoices
    WHERE tenant_id = OLD.tenant_id AND invoice_id = OLD.invoice_id;
    IF kept_until >= current_date THEN
        RAISE EXCEPTION 'lines of invoice % must be kept until %', OLD.invoice_id, kept_until
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$;

CREATE TRIGGER invoice_lines_immutable
    BEFORE UPDATE OR DELETE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION invoice_lines_protect_content();

CREATE FUNCTION invoices_reject_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'TRUNCATE of % is not allowed: invoices are kept for their retention period',
        TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER invoices_no_truncate BEFORE TRUNCATE ON invoices
    FOR EACH STATEMENT EXECUTE FUNCTION invoices_reject_truncate();
CREATE TRIGGER invoice_lines_no_truncate BEFORE TRUNCATE ON invoice_lines
    FOR EACH STATEMENT EXECUTE FUNCTION invoices_reject_truncate();

-- The server may change only the life-cycle columns.
GRANT UPDATE (status, content_hash, delivery_channel, delivery_recipient, delivered_at,
              acknowledged_at, archived_at, credited_total)
    ON invoices TO fapiao_app;
