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
]
