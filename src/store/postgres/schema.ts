/**
 * The PostgreSQL schema, as ordered migrations: index + 1 is the version each
 * leads to, recorded in `toil_schema`, whose presence marks a database as toil's.
 * Days are ISO text, as in SQLite, so no server DateStyle can change what is read back.
 * Text is collated "C" and names are compared through `lower()`, which then folds
 * ASCII only: the same names match, and sort, as under SQLite's NOCASE.
 */
const CATEGORY_CHECK = `category IN ('interrupt','oncall','release','migration','provisioning','business-process','cleanup','overhead','other')`
const answer = (column: string) => `${column} text NOT NULL DEFAULT 'unknown' CHECK (${column} IN ('yes','no','unknown'))`

export const MARKER_TABLE = 'toil_schema'

/** Statement triggers of version 3's audit: each event with the transition tables it has. */
const AUDIT_TRIGGERS = ['entries', 'tasks', 'teams', 'capacity', 'access']
  .flatMap((table) => [
    ['insert', 'NEW TABLE AS new_rows'],
    ['update', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
    ['delete', 'OLD TABLE AS old_rows'],
  ].map(([event, tables]) => `CREATE TRIGGER audit_${table}_${event} AFTER ${event!.toUpperCase()} ON ${table} REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION toil_audit();`))
  .join('\n  ')

/**
 * The functions a member (a login in one of toil's group roles) may execute: those the policies
 * and triggers call as the caller, the analyzer's sums, and toil_change. Every other toil function
 * is the owner's alone. Signatures as `regprocedure` prints them.
 */
export const MEMBER_FUNCTIONS = [
  'toil_role(bigint,text)', 'toil_task_role(bigint,text)', 'toil_team_role(text,text)', 'toil_entry_logger(text)',
  'toil_task_months(text,text,text)', 'toil_task_history(text,text)', 'toil_engineer_team_hours(text,text,text[])',
  'toil_task_totals(bigint)', 'toil_first_day(text)', 'toil_change(text,text)',
] as const

/** Every function toil makes, and whether it keeps no SET clause (so that it is inlined where it is called). */
export const TOIL_FUNCTIONS = [
  ...MEMBER_FUNCTIONS, 'toil_my_teams()', 'toil_audit()', 'toil_permit()', 'toil_keep_logger()', 'toil_audit_drop_empty()', 'toil_group(text)',
  'toil_audit_name(text,jsonb)', 'toil_audit_key(text,jsonb)',
] as const
/** Inlined into toil_audit's queries (whose search_path is pinned): a SET clause would stop that. */
export const INLINED_FUNCTIONS = ['toil_audit_name(text,jsonb)', 'toil_audit_key(text,jsonb)'] as const

/** The actions toil_change accepts; those only the database's owner takes. */
export const ACTIONS = ['log', 'entry edit', 'entry rm', 'undo', 'import', 'team set', 'team rename', 'task add', 'task edit', 'task rm', 'task merge',
  'team rm', 'engineer rename', 'engineer merge', 'restore', 'access grant', 'access revoke'] as const
export const OWNER_ACTIONS = ['team rm', 'engineer rename', 'engineer merge', 'restore', 'access grant', 'access revoke'] as const

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ')
/** A UUIDv7 as toil writes it (src/domain/uuid.ts). */
export const UUID_V7 = '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'

/**
 * Version 4: closed to everyone who does not belong (SPEC §9.1, threat model). Every toil function
 * runs with a pinned search_path (toil's schema, pg_catalog, pg_temp last) so nothing a caller
 * creates (a temporary table, view or function, an object in a schema of theirs) is ever found in
 * its place; PUBLIC may execute none of them, nor connect, nor create temporary objects; the audit
 * is keyed by team id and its action is set only by toil_change; the sums members get are whole
 * months, never per engineer.
 */
const V4 = `
  -- toil's group roles, named after the database (roles are shared by every database on a server):
  -- the name whole where it fits, else a hash of it, 51 characters long, which no whole name is.
  CREATE FUNCTION toil_group(role text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN octet_length('toil_' || current_database()) <= 50 THEN 'toil_' || current_database()
      ELSE 'toil_h' || md5(current_database()) || '_' || rpad(left(regexp_replace(lower(current_database()), '[^a-z0-9]', '', 'g'), 12), 12, '_') END
      || '_' || role $$;

  -- The audit by team id: a team renamed to a removed team's name reads nothing of it; a removed
  -- team's rows are the owner's alone (no grant names its id any more).
  ALTER TABLE audit ADD COLUMN team_ids bigint[] NOT NULL DEFAULT '{}';
  UPDATE audit a SET team_ids = coalesce((SELECT array_agg(tm.id ORDER BY tm.id) FROM unnest(a.teams) n JOIN teams tm ON lower(tm.name) = lower(n)
    HAVING count(*) = cardinality(a.teams)), '{}') WHERE cardinality(a.teams) > 0;
  DROP POLICY leads_read ON audit;
  CREATE POLICY leads_read ON audit FOR SELECT USING (cardinality(team_ids) > 0
    AND NOT EXISTS (SELECT 1 FROM unnest(team_ids) t WHERE toil_role(t, current_user) IS DISTINCT FROM 'lead'));

  -- How a changed row is named, its team's name (the row's own for a team) and id.
  DROP FUNCTION toil_audit_name(text, jsonb);
  CREATE FUNCTION toil_audit_name(tbl text, r jsonb, OUT name text, OUT team text, OUT team_id bigint)
    LANGUAGE sql STABLE AS $$
    SELECT CASE tbl WHEN 'entries' THEN 'entry ' || (r->>'id') WHEN 'tasks' THEN 'task ' || (r->>'name') WHEN 'teams' THEN 'team ' || (r->>'name')
        WHEN 'capacity' THEN 'capacity from ' || (r->>'from_month') ELSE 'access of ' || (r->>'login') END,
      CASE tbl WHEN 'teams' THEN r->>'name' ELSE (SELECT tm.name FROM teams tm WHERE tm.id = x.id) END,
      x.id
    FROM (SELECT CASE tbl WHEN 'entries' THEN (SELECT t.team_id FROM tasks t WHERE t.id = (r->>'task_id')::bigint)
      WHEN 'teams' THEN (r->>'id')::bigint ELSE (r->>'team_id')::bigint END AS id) x $$;

  -- The one way to name a change: toil's commands call it first, and it opens the transaction's
  -- audit row with an action of toil's own. A statement run without it is named by itself (update entries).
  CREATE FUNCTION toil_change(what text, obj text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
  BEGIN
    IF what IS NULL OR what NOT IN (${list(ACTIONS)}) THEN
      RAISE EXCEPTION 'not an action of toil: %', what USING ERRCODE = '22023';
    END IF;
    IF what IN (${list(OWNER_ACTIONS)}) AND NOT pg_has_role(session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = 'entries'::regclass), 'USAGE') THEN
      RAISE EXCEPTION 'not permitted: % is for the database''s owner', what USING ERRCODE = '42501';
    END IF;
    INSERT INTO audit (tx, who, action, object) VALUES (txid_current(), session_user, what, coalesce(obj, '')) ON CONFLICT (tx) WHERE tx IS NOT NULL DO NOTHING;
  END $$;
  -- A change that changed nothing leaves no row: its empty row goes at commit.
  CREATE FUNCTION toil_audit_drop_empty() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
  BEGIN
    DELETE FROM audit WHERE id = NEW.id AND before = '{}' AND after = '{}';
    RETURN NULL;
  END $$;
  CREATE CONSTRAINT TRIGGER audit_drop_empty AFTER INSERT ON audit DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION toil_audit_drop_empty();

  -- As in version 3, with the action from toil_change (never from a setting a client may send),
  -- team ids beside names, and rows of one statement that share a name told apart by their team.
  CREATE OR REPLACE FUNCTION toil_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
  DECLARE
    prior audit%ROWTYPE;
    b jsonb := '{}';
    a jsonb := '{}';
    touched text[] := '{}';
    ids bigint[] := '{}';
    added bigint;
  BEGIN
    SELECT * INTO prior FROM audit WHERE tx = txid_current();
    -- A new entry is not audited: its own row is the record. An import or a restore is, by count.
    IF TG_TABLE_NAME = 'entries' AND TG_OP = 'INSERT' AND (prior.action IS NULL OR prior.action NOT IN ('import', 'restore')) THEN RETURN NULL; END IF;
    IF TG_TABLE_NAME = 'entries' AND TG_OP = 'INSERT' THEN
      SELECT count(*), coalesce(array_agg(DISTINCT tm.name) FILTER (WHERE tm.name IS NOT NULL), '{}'), coalesce(array_agg(DISTINCT t.team_id) FILTER (WHERE t.team_id IS NOT NULL), '{}')
        INTO added, touched, ids FROM new_rows n LEFT JOIN tasks t ON t.id = n.task_id LEFT JOIN teams tm ON tm.id = t.team_id;
      IF added = 0 THEN RETURN NULL; END IF;
      a := jsonb_build_object('entries added', coalesce((prior.after->>'entries added')::bigint, 0) + added);
    ELSIF TG_OP = 'INSERT' THEN
      WITH named AS (SELECT k.name, k.team, k.team_id, x.r, count(*) OVER (PARTITION BY k.name) AS same
        FROM (SELECT to_jsonb(n) AS r FROM new_rows n) x, LATERAL toil_audit_name(TG_TABLE_NAME, x.r) k)
      SELECT coalesce(jsonb_object_agg(CASE WHEN same > 1 THEN name || ' (team ' || team_id || ')' ELSE name END, r), '{}'),
          coalesce(array_agg(DISTINCT team) FILTER (WHERE team IS NOT NULL), '{}'), coalesce(array_agg(DISTINCT team_id) FILTER (WHERE team_id IS NOT NULL), '{}')
        INTO a, touched, ids FROM named;
    ELSIF TG_OP = 'DELETE' THEN
      WITH named AS (SELECT k.name, k.team, k.team_id, x.r, count(*) OVER (PARTITION BY k.name) AS same
        FROM (SELECT to_jsonb(o) AS r FROM old_rows o) x, LATERAL toil_audit_name(TG_TABLE_NAME, x.r) k)
      SELECT coalesce(jsonb_object_agg(CASE WHEN same > 1 THEN name || ' (team ' || team_id || ')' ELSE name END, r), '{}'),
          coalesce(array_agg(DISTINCT team) FILTER (WHERE team IS NOT NULL), '{}'), coalesce(array_agg(DISTINCT team_id) FILTER (WHERE team_id IS NOT NULL), '{}')
        INTO b, touched, ids FROM named;
    ELSE
      WITH o AS (SELECT to_jsonb(x) AS r FROM old_rows x), n AS (SELECT to_jsonb(x) AS r FROM new_rows x),
      pairs AS (SELECT o.r AS o, n.r AS n FROM o JOIN n ON toil_audit_key(TG_TABLE_NAME, o.r) = toil_audit_key(TG_TABLE_NAME, n.r)),
      diffs AS (SELECT k.name, k.team, k.team_id,
          (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(p.o) e WHERE p.n->e.key IS DISTINCT FROM e.value) AS was,
          (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(p.n) e WHERE p.o->e.key IS DISTINCT FROM e.value) AS now
        FROM pairs p, LATERAL toil_audit_name(TG_TABLE_NAME, p.o) k),
      named AS (SELECT d.*, count(*) OVER (PARTITION BY d.name) AS same FROM diffs d WHERE d.was IS NOT NULL)
      SELECT coalesce(jsonb_object_agg(CASE WHEN same > 1 THEN name || ' (team ' || team_id || ')' ELSE name END, was), '{}'),
          coalesce(jsonb_object_agg(CASE WHEN same > 1 THEN name || ' (team ' || team_id || ')' ELSE name END, now), '{}'),
          coalesce(array_agg(DISTINCT team) FILTER (WHERE team IS NOT NULL), '{}'), coalesce(array_agg(DISTINCT team_id) FILTER (WHERE team_id IS NOT NULL), '{}')
        INTO b, a, touched, ids FROM named;
    END IF;
    IF b = '{}' AND a = '{}' THEN RETURN NULL; END IF;
    IF prior.id IS NULL THEN
      INSERT INTO audit (tx, who, action, object, team, teams, team_ids, before, after)
      VALUES (txid_current(), session_user, lower(TG_OP) || ' ' || TG_TABLE_NAME,
        (SELECT min(k) FROM jsonb_object_keys(CASE WHEN b = '{}' THEN a ELSE b END) k),
        CASE WHEN cardinality(touched) = 1 THEN touched[1] END, touched, ids, b, a);
      RETURN NULL;
    END IF;
    -- A row first changed by this transaction keeps its first before; one it created has none.
    touched := ARRAY(SELECT DISTINCT t FROM unnest(prior.teams || touched) t ORDER BY 1);
    ids := ARRAY(SELECT DISTINCT t FROM unnest(prior.team_ids || ids) t ORDER BY 1);
    UPDATE audit SET
      object = CASE WHEN prior.object = '' THEN (SELECT min(k) FROM jsonb_object_keys(CASE WHEN b = '{}' THEN a ELSE b END) k) ELSE prior.object END,
      teams = touched,
      team_ids = ids,
      team = CASE WHEN cardinality(touched) = 1 THEN touched[1] END,
      before = prior.before || coalesce((SELECT jsonb_object_agg(e.key, e.value || coalesce(prior.before->e.key, '{}'))
        FROM jsonb_each(b) e WHERE prior.before ? e.key OR NOT prior.after ? e.key), '{}'),
      after = CASE WHEN TG_OP = 'DELETE' THEN prior.after - ARRAY(SELECT jsonb_object_keys(b))
        ELSE prior.after || coalesce((SELECT jsonb_object_agg(e.key,
          CASE WHEN jsonb_typeof(e.value) = 'object' THEN coalesce(prior.after->e.key, '{}') || e.value ELSE e.value END) FROM jsonb_each(a) e), '{}') END
    WHERE id = prior.id;
    RETURN NULL;
  END $$;

  -- A role is told for the session's own login only (the policies pass current_user, which is it):
  -- nobody learns another's grants by asking with their name.
  CREATE OR REPLACE FUNCTION toil_role(team bigint, who text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    AS $$ SELECT a.role FROM access a WHERE a.login = who AND a.team_id = team AND who = session_user $$;
  CREATE OR REPLACE FUNCTION toil_task_role(task bigint, who text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    AS $$ SELECT a.role FROM access a JOIN tasks t ON t.team_id = a.team_id WHERE a.login = who AND t.id = task AND who = session_user $$;
  CREATE OR REPLACE FUNCTION toil_team_role(team text, who text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    AS $$ SELECT a.role FROM access a JOIN teams tm ON tm.id = a.team_id WHERE a.login = who AND lower(tm.name) = lower(team) AND who = session_user $$;

  -- Said for an exact id only: no prefix or tail of another's entry is ever confirmed.
  CREATE OR REPLACE FUNCTION toil_entry_logger(part text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT coalesce(e.logged_by, 'an imported') FROM entries e
    WHERE e.id = part AND toil_task_role(e.task_id, session_user) IS NOT NULL $$;

  -- As in version 3, and: only the owner removes a team (its grants go with it); an engineer's new
  -- task is active and without estimates, which are a lead's to set.
  CREATE OR REPLACE FUNCTION toil_permit() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    r jsonb := CASE WHEN TG_OP = 'INSERT' THEN to_jsonb(NEW) ELSE to_jsonb(OLD) END;
    team bigint;
    role text;
  BEGIN
    IF pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN RETURN coalesce(NEW, OLD); END IF;
    IF TG_TABLE_NAME = 'entries' THEN
      role := toil_task_role((r->>'task_id')::bigint, current_user);
      IF role = 'lead' OR (r->>'logged_by') = current_user THEN RETURN coalesce(NEW, OLD); END IF;
      RAISE EXCEPTION 'not permitted: entry % is %', right(r->>'id', 8),
        CASE WHEN r->>'logged_by' IS NULL THEN 'an imported entry; a lead of its team changes it' ELSE (r->>'logged_by') || '''s entry' END
        USING ERRCODE = '42501', HINT = 'an engineer changes only the entries they logged';
    END IF;
    team := CASE WHEN TG_TABLE_NAME = 'teams' THEN (r->>'id')::bigint ELSE (r->>'team_id')::bigint END;
    IF TG_TABLE_NAME = 'teams' AND TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'not permitted: only the database''s owner removes a team' USING ERRCODE = '42501';
    END IF;
    IF toil_role(team, current_user) = 'lead' THEN RETURN coalesce(NEW, OLD); END IF;
    IF TG_TABLE_NAME = 'tasks' AND TG_OP = 'INSERT' THEN
      IF NEW.status = 'active' AND NEW.automated_since IS NULL AND NEW.freq_count IS NULL AND NEW.freq_unit IS NULL AND NEW.freq_every IS NULL
        AND NEW.duration_minutes IS NULL AND NEW.cost_hours IS NULL AND NEW.reduction = 1 AND NEW.maintenance_hours = 0 THEN RETURN NEW; END IF;
      RAISE EXCEPTION 'not permitted: only a lead of % sets a task''s status and estimates', (SELECT tm.name FROM teams tm WHERE tm.id = team)
        USING ERRCODE = '42501';
    END IF;
    RAISE EXCEPTION 'not permitted: only a lead of % changes its %', (SELECT tm.name FROM teams tm WHERE tm.id = team),
      CASE TG_TABLE_NAME WHEN 'tasks' THEN 'tasks' WHEN 'capacity' THEN 'capacity' ELSE 'settings' END
      USING ERRCODE = '42501';
  END $$;
  CREATE TRIGGER permit_new_tasks BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION toil_permit();

  -- Ids are toil's: a member's new entry carries a UUIDv7, so no id is chosen to be another's short id.
  ALTER POLICY own_or_lead_log ON entries WITH CHECK (id ~ '${UUID_V7}' AND (
    (toil_task_role(task_id, current_user) = 'lead' AND (logged_by IS NULL OR logged_by = current_user))
    OR (toil_task_role(task_id, current_user) = 'engineer' AND logged_by = current_user AND engineer = current_user)));

  -- The sums a member gets: whole months only, and a team's month only when at least two engineers
  -- logged in it, or the caller leads the team or is its one engineer. PL/pgSQL, so each query is
  -- planned with the caller's days (a SQL function's generic plan walks every task's entries); the
  -- sums read the covering index entries_by_day alone, as the owner's query does, and the two
  -- engineers are looked for per team and month, stopping at the second.
  -- Enough memory to sum a window's months in a hash, not to sort its entries on disk.
  CREATE OR REPLACE FUNCTION toil_task_months(d_from text, d_to text, team text)
    RETURNS TABLE ("taskId" bigint, month text, hours float8, occurrences bigint, "operationalHours" float8)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET work_mem = '64MB' AS $$
  DECLARE
    lo text := substr(d_from, 1, 7) || '-01';
    hi text := substr(d_to, 1, 7) || '-31';
    -- The caller's tasks as an array: a filter on the index scan, planned as the owner's query is
    -- (a join to them is planned to sort every entry of the window).
    ids bigint[];
    leads bigint[];
  BEGIN
    SELECT coalesce(array_agg(t.id), '{}') INTO ids FROM tasks t WHERE t.team_id IN (SELECT a.team_id FROM access a JOIN teams tm ON tm.id = a.team_id
      WHERE a.login = session_user AND (team IS NULL OR lower(tm.name) = lower(team COLLATE "C")));
    SELECT coalesce(array_agg(a.team_id), '{}') INTO leads FROM access a WHERE a.login = session_user AND a.role = 'lead';
    RETURN QUERY
    WITH sums AS MATERIALIZED (SELECT e.task_id, substr(e.day, 1, 7) AS m, sum(e.minutes * e.count)::float8 / 60 AS h, sum(e.count) AS n,
        sum(CASE WHEN e.tags && ARRAY['oncall', 'interrupt'] THEN e.minutes * e.count ELSE 0 END)::float8 / 60 AS op
      FROM entries e
      WHERE e.day BETWEEN lo AND hi AND e.task_id = ANY (ids)
      GROUP BY e.task_id, 2),
    months AS (SELECT DISTINCT t.team_id, s.m FROM sums s JOIN tasks t ON t.id = s.task_id),
    shown AS (SELECT g.team_id, g.m FROM months g
      WHERE g.team_id = ANY (leads)
        OR EXISTS (SELECT 1 FROM entries e WHERE e.day BETWEEN g.m || '-01' AND g.m || '-31'
          AND e.task_id IN (SELECT t.id FROM tasks t WHERE t.team_id = g.team_id)
          AND e.engineer <> (SELECT e1.engineer FROM entries e1 WHERE e1.day BETWEEN g.m || '-01' AND g.m || '-31'
            AND e1.task_id IN (SELECT t.id FROM tasks t WHERE t.team_id = g.team_id) LIMIT 1))
        OR NOT EXISTS (SELECT 1 FROM entries e WHERE e.day BETWEEN g.m || '-01' AND g.m || '-31'
          AND e.task_id IN (SELECT t.id FROM tasks t WHERE t.team_id = g.team_id) AND e.engineer <> session_user))
    SELECT s.task_id, s.m, s.h, s.n, s.op FROM sums s JOIN tasks t ON t.id = s.task_id JOIN shown g ON g.team_id = t.team_id AND g.m = s.m
    ORDER BY s.m, s.task_id;
  END $$;

  -- The engineers a team's assumed capacity counts, computed here: each who logged counts once in
  -- all, split across the caller's teams by their hours, added up in the analyzer's order (by
  -- engineer, teams by name) so the figure is the owner's to the last bit. Returned as two rows a
  -- team and month under one label, the share in the team and 1 - share elsewhere ('' names no
  -- team), which the analyzer's sum (src/domain/analysis/capacity.ts) turns back into the share:
  -- never a row per engineer. PL/pgSQL, planned with the caller's days.
  CREATE OR REPLACE FUNCTION toil_engineer_team_hours(d_from text, d_to text, team_names text[])
    RETURNS TABLE (engineer text, team text, month text, hours float8)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET work_mem = '64MB' AS $$
  DECLARE
    lo text := substr(d_from, 1, 7) || '-01';
    hi text := substr(d_to, 1, 7) || '-31';
  BEGIN
    RETURN QUERY
    WITH mine AS MATERIALIZED (SELECT toil_my_teams() AS id),
    spent AS MATERIALIZED (SELECT e.engineer AS who, tm.name AS tn, substr(e.day, 1, 7) AS m, sum(e.minutes * e.count)::float8 / 60 AS h
      FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
      WHERE e.day BETWEEN lo AND hi AND tm.id IN (SELECT x.id FROM mine x)
      GROUP BY e.engineer, tm.name, 3),
    named AS (SELECT DISTINCT h.who FROM spent h WHERE lower(h.tn) IN (SELECT lower(n COLLATE "C") FROM unnest(team_names) AS n)),
    totals AS (SELECT h.*, sum(h.h) OVER (PARTITION BY h.who, h.m ORDER BY lower(h.tn), h.tn
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS total FROM spent h WHERE h.who IN (SELECT w.who FROM named w)),
    shares AS (SELECT x.tn, x.m, sum(x.h / x.total ORDER BY x.who) AS share FROM totals x
      WHERE lower(x.tn) IN (SELECT lower(n COLLATE "C") FROM unnest(team_names) AS n)
      GROUP BY x.tn, x.m)
    SELECT 'team ' || s.tn || ' ' || s.m, s.tn, s.m, s.share FROM shares s
    UNION ALL
    SELECT 'team ' || s.tn || ' ' || s.m, ''::text, s.m, 1 - s.share FROM shares s WHERE s.share <> 1
    ORDER BY 1, 2, 3;
  END $$;

  -- Nothing a caller makes is found in place of toil's objects: every function's search_path is
  -- pinned, pg_temp last (the two inlined into toil_audit run under its path). PUBLIC executes none.
  DO $pin$
  DECLARE
    f text;
  BEGIN
    FOREACH f IN ARRAY ARRAY[${list(TOIL_FUNCTIONS)}] LOOP
      IF NOT f = ANY (ARRAY[${list(INLINED_FUNCTIONS)}]) THEN
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema());
      END IF;
      EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    -- Members reach the database through toil's group roles only; nobody else may connect, make
    -- temporary objects or create in toil's schema. (Warned, not refused, where the owner of the
    -- tables does not own the database or the schema: toil doctor then names what is open.)
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
    -- Group roles made by an earlier toil get what toil access grant now gives.
    FOREACH f IN ARRAY ARRAY[toil_group('engineer'), toil_group('lead')] LOOP
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = f) THEN
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION ${MEMBER_FUNCTIONS.join(', ')} TO %I', f);
      END IF;
    END LOOP;
  END $pin$;
`

export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE teams (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- A team's own toil target under the threshold (SPEC §4.3).
    toil_budget double precision CHECK (toil_budget IS NULL OR (toil_budget > 0 AND toil_budget <= 1))
  );
  CREATE UNIQUE INDEX teams_name ON teams (lower(name));
  CREATE TABLE capacity (
    team_id bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    from_month text COLLATE "C" NOT NULL CHECK (from_month ~ '^[0-9]{4}-[0-1][0-9]$'),
    members integer NOT NULL CHECK (members > 0),
    hours_per_week double precision NOT NULL CHECK (hours_per_week > 0 AND hours_per_week <= 168),
    rotation integer CHECK (rotation IS NULL OR rotation > 0),
    shifts integer CHECK (shifts IS NULL OR shifts > 0),
    PRIMARY KEY (team_id, from_month)
  );
  CREATE TABLE tasks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES teams(id),
    name text COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category text NOT NULL DEFAULT 'other' CHECK (${CATEGORY_CHECK}),
    ${answer('manual')},
    ${answer('repetitive')},
    ${answer('automatable')},
    ${answer('tactical')},
    ${answer('no_enduring_value')},
    ${answer('scales')},
    freq_count double precision CHECK (freq_count IS NULL OR freq_count > 0),
    freq_unit text CHECK (freq_unit IS NULL OR freq_unit IN ('day','week','month','quarter','year')),
    freq_every integer CHECK (freq_every IS NULL OR freq_every >= 1),
    duration_minutes integer CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440),
    cost_hours double precision CHECK (cost_hours IS NULL OR cost_hours >= 0),
    reduction double precision NOT NULL DEFAULT 1 CHECK (reduction BETWEEN 0 AND 1),
    maintenance_hours double precision NOT NULL DEFAULT 0 CHECK (maintenance_hours >= 0),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','automating','automated','retired')),
    automated_since text COLLATE "C" CHECK (automated_since ~ '^[0-9]{4}-[0-1][0-9]-[0-3][0-9]$'),
    created_at text COLLATE "C" NOT NULL
  );
  -- Settles concurrent creation of one task: the second INSERT ... ON CONFLICT finds the first.
  CREATE UNIQUE INDEX tasks_team_name ON tasks (team_id, lower(name));
  CREATE TABLE entries (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text COLLATE "C" NOT NULL UNIQUE CHECK (length(id) BETWEEN 8 AND 64),
    task_id bigint NOT NULL REFERENCES tasks(id),
    engineer text COLLATE "C" NOT NULL CHECK (length(engineer) BETWEEN 1 AND 200),
    day text COLLATE "C" NOT NULL CHECK (day ~ '^[0-9]{4}-[0-1][0-9]-[0-3][0-9]$'),
    minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    count integer NOT NULL DEFAULT 1 CHECK (count BETWEEN 1 AND 10000),
    tags text[] COLLATE "C" NOT NULL DEFAULT '{}',
    note text COLLATE "C" NOT NULL DEFAULT '',
    created_at text COLLATE "C" NOT NULL,
    -- The user running toil log (whatever --engineer said), which undo follows; null for imported entries.
    logged_by text COLLATE "C" CHECK (logged_by IS NULL OR length(logged_by) BETWEEN 1 AND 200),
    -- The upstream record an imported entry came from (pagerduty:Q1ABC): importing it again adds nothing.
    source_key text COLLATE "C" CHECK (source_key IS NULL OR length(source_key) BETWEEN 3 AND 300)
  );
  CREATE UNIQUE INDEX entries_by_source ON entries (source_key) WHERE source_key IS NOT NULL;
  CREATE INDEX entries_by_logger ON entries (logged_by, seq) WHERE logged_by IS NOT NULL;
  CREATE INDEX entries_by_day ON entries (day, task_id) INCLUDE (minutes, count, tags);
  CREATE INDEX entries_by_task ON entries (task_id, day);
  CREATE INDEX entries_by_engineer ON entries (engineer, created_at);
  `,

  // Who may see and change what (SPEC §9.1): per-team grants read by row-level security,
  // and an append-only audit written by triggers. The owner keeps full access (owners bypass RLS).
  // The group roles themselves are created by toil access grant, which needs CREATEROLE.
  `
  CREATE TABLE access (
    login text COLLATE "C" NOT NULL,
    team_id bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('engineer','lead')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (login, team_id)
  );
  CREATE TABLE audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    who text COLLATE "C" NOT NULL DEFAULT session_user,
    action text NOT NULL,
    object text COLLATE "C" NOT NULL,
    team text COLLATE "C",
    before jsonb,
    after jsonb
  );
  CREATE INDEX audit_by_team ON audit (lower(team), at);
  REVOKE ALL ON access, audit FROM PUBLIC;

  -- The caller's role in a team; SECURITY DEFINER so policies may read access, whose rows a member cannot.
  CREATE FUNCTION toil_role(team bigint, who text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT a.role FROM access a WHERE a.login = who AND a.team_id = team $$;
  CREATE FUNCTION toil_task_role(task bigint, who text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT a.role FROM access a JOIN tasks t ON t.team_id = a.team_id WHERE a.login = who AND t.id = task $$;
  CREATE FUNCTION toil_team_role(team text, who text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT a.role FROM access a JOIN teams tm ON tm.id = a.team_id WHERE a.login = who AND lower(tm.name) = lower(team) $$;

  ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
  ALTER TABLE capacity ENABLE ROW LEVEL SECURITY;
  ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
  ALTER TABLE entries ENABLE ROW LEVEL SECURITY;
  ALTER TABLE access ENABLE ROW LEVEL SECURITY;
  ALTER TABLE audit ENABLE ROW LEVEL SECURITY;

  -- Reading is filtered by policies; a write a member can see but may not make is refused by the
  -- toil_permit triggers below, loudly (SQLSTATE 42501), where a policy would skip the row in silence.
  CREATE POLICY members_read ON teams FOR SELECT USING (toil_role(id, current_user) IS NOT NULL);
  CREATE POLICY members_change ON teams FOR UPDATE USING (toil_role(id, current_user) IS NOT NULL) WITH CHECK (toil_role(id, current_user) = 'lead');
  CREATE POLICY members_remove ON teams FOR DELETE USING (toil_role(id, current_user) IS NOT NULL);

  CREATE POLICY members_read ON capacity FOR SELECT USING (toil_role(team_id, current_user) IS NOT NULL);
  CREATE POLICY leads_set ON capacity FOR INSERT WITH CHECK (toil_role(team_id, current_user) = 'lead');
  CREATE POLICY members_change ON capacity FOR UPDATE USING (toil_role(team_id, current_user) IS NOT NULL) WITH CHECK (toil_role(team_id, current_user) = 'lead');
  CREATE POLICY members_remove ON capacity FOR DELETE USING (toil_role(team_id, current_user) IS NOT NULL);

  CREATE POLICY members_read ON tasks FOR SELECT USING (toil_role(team_id, current_user) IS NOT NULL);
  -- Engineers create tasks by logging under a new name; only leads change or remove them.
  CREATE POLICY members_create ON tasks FOR INSERT WITH CHECK (toil_role(team_id, current_user) IS NOT NULL);
  CREATE POLICY members_change ON tasks FOR UPDATE USING (toil_role(team_id, current_user) IS NOT NULL) WITH CHECK (toil_role(team_id, current_user) = 'lead');
  CREATE POLICY members_remove ON tasks FOR DELETE USING (toil_role(team_id, current_user) IS NOT NULL);

  -- An engineer sees the entries they logged or that name them; a lead all of the team's.
  CREATE POLICY own_or_lead_read ON entries FOR SELECT USING (
    toil_task_role(task_id, current_user) = 'lead'
    OR (toil_task_role(task_id, current_user) IS NOT NULL AND (logged_by = current_user OR engineer = current_user)));
  CREATE POLICY own_or_lead_log ON entries FOR INSERT WITH CHECK (
    toil_task_role(task_id, current_user) = 'lead'
    OR (toil_task_role(task_id, current_user) = 'engineer' AND logged_by = current_user AND engineer = current_user));
  CREATE POLICY own_or_lead_change ON entries FOR UPDATE USING (
    toil_task_role(task_id, current_user) = 'lead'
    OR (toil_task_role(task_id, current_user) IS NOT NULL AND (logged_by = current_user OR engineer = current_user)))
  WITH CHECK (
    toil_task_role(task_id, current_user) = 'lead'
    OR (toil_task_role(task_id, current_user) = 'engineer' AND logged_by = current_user AND engineer = current_user));
  CREATE POLICY own_or_lead_remove ON entries FOR DELETE USING (
    toil_task_role(task_id, current_user) = 'lead'
    OR (toil_task_role(task_id, current_user) IS NOT NULL AND (logged_by = current_user OR engineer = current_user)));

  CREATE POLICY own_grants ON access FOR SELECT USING (login = current_user);
  CREATE POLICY leads_read ON audit FOR SELECT USING (toil_team_role(team, current_user) = 'lead');

  -- Runs as the caller (current_user is who acts); the owner and superusers pass.
  CREATE FUNCTION toil_permit() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  DECLARE
    r jsonb := CASE WHEN TG_OP = 'INSERT' THEN to_jsonb(NEW) ELSE to_jsonb(OLD) END;
    team bigint;
    role text;
  BEGIN
    IF pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN RETURN coalesce(NEW, OLD); END IF;
    IF TG_TABLE_NAME = 'entries' THEN
      role := toil_task_role((r->>'task_id')::bigint, current_user);
      IF role = 'lead' OR (r->>'logged_by') = current_user THEN RETURN coalesce(NEW, OLD); END IF;
      RAISE EXCEPTION 'not permitted: entry % is %''s entry', right(r->>'id', 8), coalesce(r->>'logged_by', 'an imported')
        USING ERRCODE = '42501', HINT = 'an engineer changes only the entries they logged';
    END IF;
    team := CASE WHEN TG_TABLE_NAME = 'teams' THEN (r->>'id')::bigint ELSE (r->>'team_id')::bigint END;
    IF toil_role(team, current_user) = 'lead' THEN RETURN coalesce(NEW, OLD); END IF;
    RAISE EXCEPTION 'not permitted: only a lead of % changes its %', (SELECT tm.name FROM teams tm WHERE tm.id = team),
      CASE TG_TABLE_NAME WHEN 'tasks' THEN 'tasks' WHEN 'capacity' THEN 'capacity' ELSE 'settings' END
      USING ERRCODE = '42501';
  END $$;
  CREATE TRIGGER permit_entries BEFORE UPDATE OR DELETE ON entries FOR EACH ROW EXECUTE FUNCTION toil_permit();
  CREATE TRIGGER permit_tasks BEFORE UPDATE OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION toil_permit();
  CREATE TRIGGER permit_teams BEFORE UPDATE OR DELETE ON teams FOR EACH ROW EXECUTE FUNCTION toil_permit();
  CREATE TRIGGER permit_capacity BEFORE INSERT OR UPDATE OR DELETE ON capacity FOR EACH ROW EXECUTE FUNCTION toil_permit();

  -- Names who logged an entry the caller cannot see but whose team they belong to, so a refusal can say whose it is.
  CREATE FUNCTION toil_entry_logger(part text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT coalesce(e.logged_by, 'an imported') FROM entries e
      WHERE (e.id = part OR (length(part) >= 4 AND right(e.id, length(part)) = part)) AND toil_task_role(e.task_id, session_user) IS NOT NULL LIMIT 1 $$;

  -- The analyzer's figures for a member: sums over every entry of the caller's teams, never a row.
  -- SECURITY DEFINER (as the owner, past row-level security), limited to the teams session_user belongs to.
  CREATE FUNCTION toil_my_teams() RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT a.team_id FROM access a WHERE a.login = session_user $$;
  CREATE FUNCTION toil_task_months(d_from text, d_to text, team text)
    RETURNS TABLE ("taskId" bigint, month text, hours float8, occurrences bigint, "operationalHours" float8)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT e.task_id, substr(e.day, 1, 7) AS month, sum(e.minutes * e.count)::float8 / 60, sum(e.count),
      sum(CASE WHEN e.tags && ARRAY['oncall', 'interrupt'] THEN e.minutes * e.count ELSE 0 END)::float8 / 60
    FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
    WHERE e.day BETWEEN d_from AND d_to AND t.team_id IN (SELECT toil_my_teams())
      AND (team IS NULL OR lower(tm.name) = lower(team COLLATE "C"))
    GROUP BY e.task_id, month ORDER BY month, e.task_id $$;
  CREATE FUNCTION toil_task_history(d_to text, team text)
    RETURNS TABLE ("taskId" bigint, occurrences bigint, "firstDay" text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT t.id,
      coalesce((SELECT sum(c) FROM (SELECT e.count AS c FROM entries e WHERE e.task_id = t.id AND e.day <= d_to ORDER BY e.day, e.seq LIMIT 3) first3), 0)::bigint,
      (SELECT min(e.day) FROM entries e WHERE e.task_id = t.id AND e.day <= d_to)
    FROM tasks t JOIN teams tm ON tm.id = t.team_id
    WHERE t.team_id IN (SELECT toil_my_teams()) AND (team IS NULL OR lower(tm.name) = lower(team COLLATE "C"))
    ORDER BY t.id $$;
  -- Engineers are counted, for a team whose capacity is assumed, under a number, not a name.
  CREATE FUNCTION toil_engineer_team_hours(d_from text, d_to text, team_names text[])
    RETURNS TABLE (engineer text, team text, month text, hours float8)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    WITH who AS (
      SELECT DISTINCT e.engineer FROM teams tm JOIN tasks t ON t.team_id = tm.id JOIN entries e ON e.task_id = t.id AND e.day BETWEEN d_from AND d_to
      WHERE tm.id IN (SELECT toil_my_teams()) AND lower(tm.name) IN (SELECT lower(n COLLATE "C") FROM unnest(team_names) AS n)),
    numbered AS (SELECT w.engineer, 'engineer ' || row_number() OVER (ORDER BY md5(w.engineer)) AS shown FROM who w)
    SELECT n.shown, tm.name, substr(e.day, 1, 7) AS month, sum(e.minutes * e.count)::float8 / 60
    FROM numbered n JOIN entries e ON e.engineer = n.engineer AND e.day BETWEEN d_from AND d_to
      JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
    WHERE tm.id IN (SELECT toil_my_teams())
    GROUP BY n.shown, tm.name, month ORDER BY n.shown, lower(tm.name), month $$;
  CREATE FUNCTION toil_task_totals(task bigint)
    RETURNS TABLE (entries bigint, occurrences bigint, hours float8, "firstDay" text, "lastDay" text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT count(*), coalesce(sum(e.count), 0), coalesce(sum(e.minutes * e.count), 0)::float8 / 60, min(e.day), max(e.day)
    FROM entries e JOIN tasks t ON t.id = e.task_id WHERE e.task_id = task AND t.team_id IN (SELECT toil_my_teams()) $$;
  CREATE FUNCTION toil_first_day(team text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT min(e.day) FROM entries e JOIN tasks t ON t.id = e.task_id JOIN teams tm ON tm.id = t.team_id
    WHERE t.team_id IN (SELECT toil_my_teams()) AND (team IS NULL OR lower(tm.name) = lower(team COLLATE "C")) $$;

  -- One audit row per changed row, written as the owner: no toil role can write audit itself.
  -- who is session_user: inside this SECURITY DEFINER function current_user is the owner.
  CREATE FUNCTION toil_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  DECLARE
    b jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    a jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    r jsonb := coalesce(a, b);
    team_name text;
    obj text;
  BEGIN
    IF TG_TABLE_NAME = 'entries' THEN
      obj := 'entry ' || (r->>'id');
      SELECT tm.name INTO team_name FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE t.id = (r->>'task_id')::bigint;
    ELSIF TG_TABLE_NAME = 'tasks' THEN
      obj := 'task ' || (r->>'name');
      SELECT tm.name INTO team_name FROM teams tm WHERE tm.id = (r->>'team_id')::bigint;
    ELSIF TG_TABLE_NAME = 'teams' THEN
      obj := 'team ' || (r->>'name');
      team_name := r->>'name';
    ELSIF TG_TABLE_NAME = 'capacity' THEN
      obj := 'capacity from ' || (r->>'from_month');
      SELECT tm.name INTO team_name FROM teams tm WHERE tm.id = (r->>'team_id')::bigint;
    ELSE
      obj := 'access of ' || (r->>'login');
      SELECT tm.name INTO team_name FROM teams tm WHERE tm.id = (r->>'team_id')::bigint;
    END IF;
    INSERT INTO audit (who, action, object, team, before, after) VALUES (session_user, lower(TG_OP), obj, team_name, b, a);
    RETURN NULL;
  END $$;
  REVOKE ALL ON FUNCTION toil_audit() FROM PUBLIC;
  -- A new entry is not audited (SPEC §9.1): its own row is the record.
  CREATE TRIGGER audit_entries AFTER UPDATE OR DELETE ON entries FOR EACH ROW EXECUTE FUNCTION toil_audit();
  CREATE TRIGGER audit_tasks AFTER INSERT OR UPDATE OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION toil_audit();
  CREATE TRIGGER audit_teams AFTER INSERT OR UPDATE OR DELETE ON teams FOR EACH ROW EXECUTE FUNCTION toil_audit();
  CREATE TRIGGER audit_capacity AFTER INSERT OR UPDATE OR DELETE ON capacity FOR EACH ROW EXECUTE FUNCTION toil_audit();
  CREATE TRIGGER audit_access AFTER INSERT OR UPDATE OR DELETE ON access FOR EACH ROW EXECUTE FUNCTION toil_audit();
  `,
  // One audit row per change (a command's transaction), not per changed row; who logged an
  // entry is the database's to say, not the client's.
  `
  ALTER TABLE audit ADD COLUMN tx bigint;
  -- Every team a change touched; a lead reads a change when they lead each of them.
  ALTER TABLE audit ADD COLUMN teams text[] COLLATE "C";
  UPDATE audit SET teams = CASE WHEN team IS NULL THEN '{}' ELSE ARRAY[team] END;
  ALTER TABLE audit ALTER COLUMN teams SET NOT NULL, ALTER COLUMN teams SET DEFAULT '{}';
  -- Rows written before this version, one per changed row, take the shape of the new ones: by name.
  UPDATE audit SET before = CASE WHEN before IS NULL THEN '{}' ELSE jsonb_build_object(object, before) END,
    after = CASE WHEN after IS NULL THEN '{}' ELSE jsonb_build_object(object, after) END;
  ALTER TABLE audit ALTER COLUMN before SET DEFAULT '{}', ALTER COLUMN before SET NOT NULL,
    ALTER COLUMN after SET DEFAULT '{}', ALTER COLUMN after SET NOT NULL;
  CREATE UNIQUE INDEX audit_by_tx ON audit (tx) WHERE tx IS NOT NULL;
  -- toil audit --team and the policy read teams now; the audit is read whole, in order.
  DROP INDEX audit_by_team;
  DROP POLICY leads_read ON audit;
  CREATE POLICY leads_read ON audit FOR SELECT USING (cardinality(teams) > 0
    AND NOT EXISTS (SELECT 1 FROM unnest(teams) t WHERE toil_team_role(t, current_user) IS DISTINCT FROM 'lead'));

  DROP TRIGGER audit_entries ON entries;
  DROP TRIGGER audit_tasks ON tasks;
  DROP TRIGGER audit_teams ON teams;
  DROP TRIGGER audit_capacity ON capacity;
  DROP TRIGGER audit_access ON access;
  DROP FUNCTION toil_audit();

  -- How a changed row is named in an audit row, and the team it belongs to (null once that team is gone).
  -- No SET clause: it is inlined into toil_audit's queries (whose search_path is pinned), not called once a row.
  CREATE FUNCTION toil_audit_name(tbl text, r jsonb, OUT name text, OUT team text)
    LANGUAGE sql STABLE AS $$
    SELECT CASE tbl WHEN 'entries' THEN 'entry ' || (r->>'id') WHEN 'tasks' THEN 'task ' || (r->>'name') WHEN 'teams' THEN 'team ' || (r->>'name')
        WHEN 'capacity' THEN 'capacity from ' || (r->>'from_month') ELSE 'access of ' || (r->>'login') END,
      CASE tbl WHEN 'entries' THEN (SELECT tm.name FROM tasks t JOIN teams tm ON tm.id = t.team_id WHERE t.id = (r->>'task_id')::bigint)
        WHEN 'teams' THEN r->>'name' ELSE (SELECT tm.name FROM teams tm WHERE tm.id = (r->>'team_id')::bigint) END $$;
  -- The key that pairs a row's old and new versions in an UPDATE.
  CREATE FUNCTION toil_audit_key(tbl text, r jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE tbl WHEN 'entries' THEN r->>'seq' WHEN 'capacity' THEN (r->>'team_id') || '/' || (r->>'from_month')
      WHEN 'access' THEN (r->>'team_id') || '/' || (r->>'login') ELSE r->>'id' END $$;

  -- Statement triggers gather a statement's rows; every statement of one transaction adds to
  -- that transaction's one audit row: before holds each row as it was before its first change
  -- (the changed columns of an update), after as it is now. Written as the owner: no toil role
  -- writes audit itself. who is session_user (inside SECURITY DEFINER current_user is the owner).
  CREATE FUNCTION toil_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  DECLARE
    change text := nullif(current_setting('toil.change', true), '');
    b jsonb := '{}';
    a jsonb := '{}';
    touched text[] := '{}';
    added bigint;
    prior audit%ROWTYPE;
  BEGIN
    -- A new entry is not audited: its own row is the record. An import or a restore is, by count.
    IF TG_TABLE_NAME = 'entries' AND TG_OP = 'INSERT' AND (change IS NULL OR change NOT IN ('import', 'restore')) THEN RETURN NULL; END IF;
    SELECT * INTO prior FROM audit WHERE tx = txid_current();
    IF TG_TABLE_NAME = 'entries' AND TG_OP = 'INSERT' THEN
      SELECT count(*), coalesce(array_agg(DISTINCT tm.name) FILTER (WHERE tm.name IS NOT NULL), '{}') INTO added, touched
        FROM new_rows n LEFT JOIN tasks t ON t.id = n.task_id LEFT JOIN teams tm ON tm.id = t.team_id;
      IF added = 0 THEN RETURN NULL; END IF;
      a := jsonb_build_object('entries added', coalesce((prior.after->>'entries added')::bigint, 0) + added);
    ELSIF TG_OP = 'INSERT' THEN
      SELECT coalesce(jsonb_object_agg(k.name, r), '{}'), coalesce(array_agg(DISTINCT k.team) FILTER (WHERE k.team IS NOT NULL), '{}') INTO a, touched
        FROM (SELECT to_jsonb(x) AS r FROM new_rows x) n, LATERAL toil_audit_name(TG_TABLE_NAME, n.r) k;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT coalesce(jsonb_object_agg(k.name, r), '{}'), coalesce(array_agg(DISTINCT k.team) FILTER (WHERE k.team IS NOT NULL), '{}') INTO b, touched
        FROM (SELECT to_jsonb(x) AS r FROM old_rows x) o, LATERAL toil_audit_name(TG_TABLE_NAME, o.r) k;
    ELSE
      WITH o AS (SELECT to_jsonb(x) AS r FROM old_rows x), n AS (SELECT to_jsonb(x) AS r FROM new_rows x),
      pairs AS (SELECT o.r AS o, n.r AS n FROM o JOIN n ON toil_audit_key(TG_TABLE_NAME, o.r) = toil_audit_key(TG_TABLE_NAME, n.r)),
      diffs AS (SELECT k.name, k.team,
          (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(p.o) e WHERE p.n->e.key IS DISTINCT FROM e.value) AS was,
          (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(p.n) e WHERE p.o->e.key IS DISTINCT FROM e.value) AS now
        FROM pairs p, LATERAL toil_audit_name(TG_TABLE_NAME, p.o) k)
      SELECT coalesce(jsonb_object_agg(name, was), '{}'), coalesce(jsonb_object_agg(name, now), '{}'),
          coalesce(array_agg(DISTINCT team) FILTER (WHERE team IS NOT NULL), '{}') INTO b, a, touched
        FROM diffs WHERE was IS NOT NULL;
    END IF;
    IF b = '{}' AND a = '{}' THEN RETURN NULL; END IF;
    IF prior.id IS NULL THEN
      INSERT INTO audit (tx, who, action, object, team, teams, before, after)
      VALUES (txid_current(), session_user, coalesce(change, lower(TG_OP) || ' ' || TG_TABLE_NAME),
        coalesce(nullif(current_setting('toil.object', true), ''), (SELECT min(k) FROM jsonb_object_keys(CASE WHEN b = '{}' THEN a ELSE b END) k)),
        CASE WHEN cardinality(touched) = 1 THEN touched[1] END, touched, b, a);
      RETURN NULL;
    END IF;
    -- A row first changed by this transaction keeps its first before; one it created has none.
    touched := ARRAY(SELECT DISTINCT t FROM unnest(prior.teams || touched) t ORDER BY 1);
    UPDATE audit SET
      teams = touched,
      team = CASE WHEN cardinality(touched) = 1 THEN touched[1] END,
      before = prior.before || coalesce((SELECT jsonb_object_agg(e.key, e.value || coalesce(prior.before->e.key, '{}'))
        FROM jsonb_each(b) e WHERE prior.before ? e.key OR NOT prior.after ? e.key), '{}'),
      after = CASE WHEN TG_OP = 'DELETE' THEN prior.after - ARRAY(SELECT jsonb_object_keys(b))
        ELSE prior.after || coalesce((SELECT jsonb_object_agg(e.key,
          CASE WHEN jsonb_typeof(e.value) = 'object' THEN coalesce(prior.after->e.key, '{}') || e.value ELSE e.value END) FROM jsonb_each(a) e), '{}') END
    WHERE id = prior.id;
    RETURN NULL;
  END $$;
  REVOKE ALL ON FUNCTION toil_audit() FROM PUBLIC;
  ${AUDIT_TRIGGERS}

  -- A lead logs for an engineer as themselves: the entry names both, and nobody can claim another logged it.
  ALTER POLICY own_or_lead_log ON entries WITH CHECK (
    (toil_task_role(task_id, current_user) = 'lead' AND (logged_by IS NULL OR logged_by = current_user))
    OR (toil_task_role(task_id, current_user) = 'engineer' AND logged_by = current_user AND engineer = current_user));
  CREATE FUNCTION toil_keep_logger() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    IF NEW.logged_by IS DISTINCT FROM OLD.logged_by AND NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN
      RAISE EXCEPTION 'not permitted: who logged entry % is kept as it was', right(OLD.id, 8) USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER keep_logger BEFORE UPDATE OF logged_by ON entries FOR EACH ROW EXECUTE FUNCTION toil_keep_logger();

  -- As in version 2, with an imported entry (nobody logged it) named as such.
  CREATE OR REPLACE FUNCTION toil_permit() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  DECLARE
    r jsonb := CASE WHEN TG_OP = 'INSERT' THEN to_jsonb(NEW) ELSE to_jsonb(OLD) END;
    team bigint;
    role text;
  BEGIN
    IF pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'USAGE') THEN RETURN coalesce(NEW, OLD); END IF;
    IF TG_TABLE_NAME = 'entries' THEN
      role := toil_task_role((r->>'task_id')::bigint, current_user);
      IF role = 'lead' OR (r->>'logged_by') = current_user THEN RETURN coalesce(NEW, OLD); END IF;
      RAISE EXCEPTION 'not permitted: entry % is %', right(r->>'id', 8),
        CASE WHEN r->>'logged_by' IS NULL THEN 'an imported entry; a lead of its team changes it' ELSE (r->>'logged_by') || '''s entry' END
        USING ERRCODE = '42501', HINT = 'an engineer changes only the entries they logged';
    END IF;
    team := CASE WHEN TG_TABLE_NAME = 'teams' THEN (r->>'id')::bigint ELSE (r->>'team_id')::bigint END;
    IF toil_role(team, current_user) = 'lead' THEN RETURN coalesce(NEW, OLD); END IF;
    RAISE EXCEPTION 'not permitted: only a lead of % changes its %', (SELECT tm.name FROM teams tm WHERE tm.id = team),
      CASE TG_TABLE_NAME WHEN 'tasks' THEN 'tasks' WHEN 'capacity' THEN 'capacity' ELSE 'settings' END
      USING ERRCODE = '42501';
  END $$;
  `,
  V4,
  // Task names are one name when their Unicode case folds agree (nameKey, src/domain/inputs.ts),
  // whatever the server's locale: a key column toil fills on every insert and rename, unique per
  // team. Existing tasks get theirs from toil after this runs (fillNameKeys in connection.ts); of
  // two that already share one, the second keeps none, so nothing is merged: toil doctor names both.
  `
  ALTER TABLE tasks ADD COLUMN name_key text CHECK (name_key IS NULL OR length(name_key) >= 1);
  CREATE UNIQUE INDEX tasks_team_key ON tasks (team_id, name_key);
  `,
]
