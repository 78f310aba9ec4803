-- Tenants, principals, API keys, invoice series, invoices and the access log.
-- Every tenant table has tenant_id first in its primary key and in every
-- unique and foreign key, so that one tenant's rows never collide with
-- another's and a table can be distributed on tenant_id unchanged.

CREATE TABLE tenants (
    tenant_id   uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- 'platform' is the single tenant of platform operators.
    kind        text NOT NULL DEFAULT 'enterprise' CHECK (kind IN ('platform', 'enterprise')),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The platform tenant holds the platform operators and the log entries of
-- calls that carried no valid credential.
INSERT INTO tenants (tenant_id, name, kind)
VALUES ('00000000-0000-0000-0000-000000000000', 'platform', 'platform');

CREATE TABLE principals (
    tenant_id     uuid NOT NULL REFERENCES tenants (tenant_id),
    principal_id  uuid NOT NULL,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind          text NOT NULL CHECK (kind IN ('person', 'service', 'operator')),
    -- Name of a built-in role: platform_operator, tenant_admin, issuer, auditor, viewer.
    role          text NOT NULL,
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, principal_id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE api_keys (
    tenant_id     uuid NOT NULL,
    -- Public id, part of the key text: lets a leaked key be found and revoked.
    key_id        text NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
    principal_id  uuid NOT NULL,
    -- SHA-256 of the secret part of the key; the secret itself is never stored.
    secret_hash   bytea NOT NULL CHECK (length(secret_hash) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    PRIMARY KEY (tenant_id, key_id),
    FOREIGN KEY (tenant_id, principal_id) REFERENCES principals (tenant_id, principal_id)
);

CREATE TABLE invoice_series (
    tenant_id       uuid NOT NULL REFERENCES tenants (tenant_id),
    series          text NOT NULL CHECK (series ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
    -- Printed number: prefix, '-', issue year, '-', number zero-padded to `number_width`.
    display_prefix  text NOT NULL,
    number_width    integer NOT NULL DEFAULT 8 CHECK (number_width BETWEEN 1 AND 18),
    -- Number the next issued invoice gets. Updated in the issuing
    -- transaction, so a rolled-back issuance gives its number back.
    next_number     bigint NOT NULL DEFAULT 1 CHECK (next_number >= 1),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, series)
);

CREATE TABLE invoices (
    tenant_id            uuid NOT NULL,
    invoice_id           uuid NOT NULL,
    series               text NOT NULL,
    number               bigint NOT NULL CHECK (number >= 1),
    display_number       text NOT NULL,
    status               text NOT NULL CHECK (status IN (
                             'issued', 'delivered', 'acknowledged', 'archived',
                             'reversed', 'partially_reversed')),
    -- The client's idempotency key and a SHA-256 of its request, kept for
    -- as long as the invoice exists so that a retry returns this invoice.
    idempotency_key      text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash         bytea NOT NULL CHECK (length(request_hash) = 32),
    seller_name          text NOT NULL,
    seller_tax_id        text NOT NULL,
    seller_address       text NOT NULL DEFAULT '',
    seller_phone         text NOT NULL DEFAULT '',
    seller_bank_name     text NOT NULL DEFAULT '',
    seller_bank_account  text NOT NULL DEFAULT '',
    buyer_name           text NOT NULL,
    buyer_tax_id         text NOT NULL DEFAULT '',
    buyer_address        text NOT NULL DEFAULT '',
    buyer_phone          text NOT NULL DEFAULT '',
    buyer_bank_name      text NOT NULL DEFAULT '',
    buyer_bank_account   text NOT NULL DEFAULT '',
    currency             text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    total_amount         numeric NOT NULL,
    total_tax            numeric NOT NULL,
    total_with_tax       numeric NOT NULL CHECK (total_with_tax = total_amount + total_tax),
    remarks              text NOT NULL DEFAULT '',
    issuer               text NOT NULL DEFAULT '',
    issued_by            uuid NOT NULL,
    issued_at            timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, invoice_id),
    UNIQUE (tenant_id, series, number),
    UNIQUE (tenant_id, idempotency_key),
    FOREIGN KEY (tenant_id, series) REFERENCES invoice_series (tenant_id, series),
    FOREIGN KEY (tenant_id, issued_by) REFERENCES principals (tenant_id, principal_id)
);

CREATE TABLE invoice_lines (
    tenant_id      uuid NOT NULL,
    invoice_id     uuid NOT NULL,
    line_number    integer NOT NULL CHECK (line_number >= 1),
    item_name      text NOT NULL,
    specification  text NOT NULL DEFAULT '',
    unit           text NOT NULL DEFAULT '',
    quantity       numeric NOT NULL CHECK (quantity > 0),
    unit_price     numeric NOT NULL CHECK (unit_price >= 0),
    tax_rate       numeric NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 1),
    amount         numeric NOT NULL,
    tax_amount     numeric NOT NULL,
    PRIMARY KEY (tenant_id, invoice_id, line_number),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, invoice_id)
);

-- One row per call: who, what, when, from where, and the outcome. A change
-- and its entry commit in one transaction.
CREATE TABLE access_log (
    tenant_id       uuid NOT NULL,
    entry_id        bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    principal_id    uuid,
    principal_name  text,
    -- 'api_key:<key id>', or NULL for a call without a valid credential.
    credential      text,
    client_address  text NOT NULL,
    request_id      text NOT NULL,
    method          text NOT NULL,
    resource_type   text,
    resource_id     text,
    status_code     integer NOT NULL CHECK (status_code BETWEEN 0 AND 16),
    status_message  text NOT NULL DEFAULT '',
    -- For changes: {"field": {"before": ..., "after": ...}}, secrets left out.
    changes         jsonb,
    PRIMARY KEY (tenant_id, entry_id)
);

CREATE INDEX access_log_resource ON access_log (tenant_id, resource_type, resource_id);

-- The log is append-only: no role, the table owner included, may change or
-- remove an entry.
CREATE FUNCTION access_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_reject_change();

CREATE TRIGGER access_log_no_truncate
    BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_reject_change();
