-- Sealing of the access log: each sealed entry gets a position in its
-- tenant's sealed sequence, and each signed digest covers a contiguous run
-- of positions and chains to the previous digest.
--
-- Entries are written without any lock shared between writers; a sealer
-- assigns positions afterwards to entries whose transactions committed, so
-- an entry that commits late gets a later position and a later digest.

CREATE TABLE access_log_digests (
    tenant_id             uuid NOT NULL,
    digest_sequence       bigint NOT NULL CHECK (digest_sequence >= 1),
    first_seal_sequence   bigint NOT NULL CHECK (first_seal_sequence >= 1),
    last_seal_sequence    bigint NOT NULL CHECK (last_seal_sequence >= first_seal_sequence),
    -- Lower-case hex, as in the canonical encoding that is signed.
    entries_hash          text NOT NULL CHECK (entries_hash ~ '^[0-9a-f]{64}$'),
    previous_digest_hash  text NOT NULL CHECK (previous_digest_hash ~ '^[0-9a-f]{64}$'),
    digest_hash           text NOT NULL CHECK (digest_hash ~ '^[0-9a-f]{64}$'),
    signature             text NOT NULL CHECK (signature ~ '^[0-9a-f]{128}$'),
    key_id                text NOT NULL,
    -- RFC 3339 text exactly as signed.
    created_at            text NOT NULL,
    PRIMARY KEY (tenant_id, digest_sequence)
);

CREATE TABLE access_log_seals (
    tenant_id        uuid NOT NULL,
    seal_sequence    bigint NOT NULL CHECK (seal_sequence >= 1),
    entry_id         bigint NOT NULL,
    entry_hash       text NOT NULL CHECK (entry_hash ~ '^[0-9a-f]{64}$'),
    digest_sequence  bigint NOT NULL,
    PRIMARY KEY (tenant_id, seal_sequence),
    UNIQUE (tenant_id, entry_id),
    FOREIGN KEY (tenant_id, entry_id) REFERENCES access_log (tenant_id, entry_id),
    FOREIGN KEY (tenant_id, digest_sequence) REFERENCES access_log_digests (tenant_id, digest_sequence)
);

CREATE INDEX access_log_time ON access_log (tenant_id, occurred_at);

-- This replaces the function of the first migration, so access_log follows
-- the same rule. Digests are never changed or removed. Seals and entries are removed only
-- by the retention job, which runs as the schema owner and sets
-- fapiao.retention_purge to 'on' for its transaction; the server's role has
-- no DELETE privilege on either table.
CREATE OR REPLACE FUNCTION access_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME IN ('access_log', 'access_log_seals')
       AND current_setting('fapiao.retention_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER access_log_seals_append_only
    BEFORE UPDATE OR DELETE ON access_log_seals
    FOR EACH ROW EXECUTE FUNCTION access_log_reject_change();
CREATE TRIGGER access_log_seals_no_truncate
    BEFORE TRUNCATE ON access_log_seals
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_reject_change();
CREATE TRIGGER access_log_digests_append_only
    BEFORE UPDATE OR DELETE ON access_log_digests
    FOR EACH ROW EXECUTE FUNCTION access_log_reject_change();
CREATE TRIGGER access_log_digests_no_truncate
    BEFORE TRUNCATE ON access_log_digests
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_reject_change();

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['access_log_digests', 'access_log_seals']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', name);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', name);
        EXECUTE format(
            'CREATE POLICY tenant_isolation ON %I USING (tenant_id = fapiao_current_tenant())'
            ' WITH CHECK (tenant_id = fapiao_current_tenant())', name);
    END LOOP;
END
$$;

GRANT SELECT, INSERT ON access_log_digests, access_log_seals TO fapiao_app;
