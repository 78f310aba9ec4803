-- Roles, grants and client certificates, and row-level security on every
-- tenant table for the application role fapiao_app.
--
-- The server runs its calls as fapiao_app, which owns no table and does not
-- bypass row-level security. Each transaction names its tenant with
-- set_config('fapiao.tenant_id', <uuid>, true); without it every policy
-- below matches no row, so a connection that forgot the tenant sees and
-- changes nothing.

CREATE TABLE roles (
    tenant_id    uuid NOT NULL REFERENCES tenants (tenant_id),
    -- Custom roles only; built-in role names are reserved.
    name         text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,63}$'
                     AND name NOT IN ('platform_operator', 'tenant_admin', 'issuer', 'auditor', 'viewer')),
    permissions  text[] NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE principal_roles (
    tenant_id     uuid NOT NULL,
    principal_id  uuid NOT NULL,
    -- A built-in role name or the name of a row in roles.
    role          text NOT NULL,
    granted_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, principal_id, role),
    FOREIGN KEY (tenant_id, principal_id) REFERENCES principals (tenant_id, principal_id)
);

INSERT INTO principal_roles (tenant_id, principal_id, role)
SELECT tenant_id, principal_id, role FROM principals;

ALTER TABLE principals DROP COLUMN role;

CREATE TABLE client_certificates (
    tenant_id     uuid NOT NULL,
    -- SHA-256 of the DER-encoded certificate, lower-case hex.
    fingerprint   text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    principal_id  uuid NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, fingerprint),
    FOREIGN KEY (tenant_id, principal_id) REFERENCES principals (tenant_id, principal_id)
);

-- The tenant of the current transaction, or NULL when none is set.
CREATE FUNCTION fapiao_current_tenant() RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT NULLIF(current_setting('fapiao.tenant_id', true), '')::uuid
$$;

-- Roles are cluster-wide: several databases of one cluster share this one,
-- and two of them may run this migration at the same moment.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fapiao_app') THEN
        CREATE ROLE fapiao_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO fapiao_app;
GRANT EXECUTE ON FUNCTION fapiao_current_tenant() TO fapiao_app;
GRANT SELECT, INSERT, UPDATE ON tenants, principals, api_keys, invoice_series TO fapiao_app;
GRANT SELECT, INSERT ON invoices, invoice_lines TO fapiao_app;
GRANT SELECT, INSERT, DELETE ON roles, principal_roles, client_certificates TO fapiao_app;
-- The access log is append-only for the server.
GRANT SELECT, INSERT ON access_log TO fapiao_app;
GRANT USAGE ON SEQUENCE access_log_entry_id_seq TO fapiao_app;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
-- A tenant sees its own row; the platform tenant manages every tenant row.
CREATE POLICY tenant_isolation ON tenants
    USING (tenant_id = fapiao_current_tenant()
           OR fapiao_current_tenant() = '00000000-0000-0000-0000-000000000000')
    WITH CHECK (tenant_id = fapiao_current_tenant()
           OR fapiao_current_tenant() = '00000000-0000-0000-0000-000000000000');

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['principals', 'api_keys', 'invoice_series', 'invoices',
                                'invoice_lines', 'access_log', 'roles', 'principal_roles',
                                'client_certificates']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = fapiao_current_tenant())'
            ' WITH CHECK (tenant_id = fapiao_current_tenant())', name);
    END LOOP;
END
$$;

-- A client that presents a TLS certificate is authenticated before its
-- tenant is known. The server names the presented fingerprint for the
-- transaction, and only rows with exactly that fingerprint become visible.
CREATE POLICY certificate_lookup ON client_certificates FOR SELECT
    USING (fingerprint = NULLIF(current_setting('fapiao.certificate_fingerprint', true), ''));
