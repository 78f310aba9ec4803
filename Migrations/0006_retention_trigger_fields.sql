-- The retention exception of access_log_reject_change() tested
-- OLD.occurred_at in the same condition as the table name. PL/pgSQL
-- evaluates that whole condition for rows of access_log_seals too, which
-- have no such column, so every purge of a seal failed with SQLSTATE 42703.
-- Each table's condition is now evaluated only for its own rows.
CREATE OR REPLACE FUNCTION access_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('fapiao.retention_purge', true) = 'on' THEN
        IF TG_TABLE_NAME = 'access_log' THEN
            IF OLD.occurred_at < now() - interval '183 days' THEN
                RETURN OLD;
            END IF;
        ELSIF TG_TABLE_NAME = 'access_log_seals' THEN
            IF EXISTS (
                SELECT FROM access_log a
                WHERE a.tenant_id = OLD.tenant_id AND a.entry_id = OLD.entry_id
                  AND a.occurred_at < now() - interval '183 days') THEN
                RETURN OLD;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
