/** `PRAGMA application_id` of a toil database: 'toil' in ASCII. */
export const APPLICATION_ID = 0x746f696c

const CATEGORY_CHECK = `category IN ('interrupt','oncall','release','migration','provisioning','business-process','cleanup','overhead','other')`
const answer = (column: string) => `${column} TEXT NOT NULL DEFAULT 'unknown' CHECK (${column} IN ('yes','no','unknown'))`

/** Ordered migrations; index + 1 is the `user_version` each one leads to. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 200)
  ) STRICT;
  CREATE TABLE capacity (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    from_month TEXT NOT NULL CHECK (from_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    members INTEGER NOT NULL CHECK (members > 0),
    hours_per_week REAL NOT NULL CHECK (hours_per_week > 0 AND hours_per_week <= 168),
    rotation INTEGER CHECK (rotation IS NULL OR rotation > 0),
    shifts INTEGER CHECK (shifts IS NULL OR shifts > 0),
    PRIMARY KEY (team_id, from_month)
  ) STRICT;
  CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 200),
    category TEXT NOT NULL DEFAULT 'other' CHECK (${CATEGORY_CHECK}),
    ${answer('manual')},
    ${answer('repetitive')},
    ${answer('automatable')},
    ${answer('tactical')},
    ${answer('no_enduring_value')},
    ${answer('scales')},
    freq_count REAL CHECK (freq_count IS NULL OR freq_count > 0),
    freq_unit TEXT CHECK (freq_unit IS NULL OR freq_unit IN ('day','week','month','quarter','year')),
    freq_every INTEGER CHECK (freq_every IS NULL OR freq_every >= 1),
    duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440),
    cost_hours REAL CHECK (cost_hours IS NULL OR cost_hours >= 0),
    reduction REAL NOT NULL DEFAULT 1 CHECK (reduction BETWEEN 0 AND 1),
    maintenance_hours REAL NOT NULL DEFAULT 0 CHECK (maintenance_hours >= 0),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','automating','automated','retired')),
    automated_since TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (team_id, name)
  ) STRICT;
  CREATE TABLE entries (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 8 AND 64),
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    engineer TEXT NOT NULL CHECK (length(engineer) BETWEEN 1 AND 200),
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    count INTEGER NOT NULL DEFAULT 1 CHECK (count BETWEEN 1 AND 10000),
    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX entries_by_day ON entries (day, task_id, minutes, count, tags);
  CREATE INDEX entries_by_task ON entries (task_id, day);
  CREATE INDEX entries_by_engineer ON entries (engineer, created_at);
  `,
  // v2: who logged an entry (the user running `toil log`, whatever --engineer said), which `undo`
  // and "your last team" follow in logging order (seq). Imported entries, and those of v1 files,
  // whose logger nobody recorded, have none: they are never anyone's "last".
  `
  ALTER TABLE entries ADD COLUMN logged_by TEXT CHECK (logged_by IS NULL OR length(logged_by) BETWEEN 1 AND 200);
  CREATE INDEX entries_by_logger ON entries (logged_by, seq) WHERE logged_by IS NOT NULL;
  `,
  // v3: a team's own toil budget, a share of capacity under the threshold (SPEC §4.3).
  `ALTER TABLE teams ADD COLUMN toil_budget REAL CHECK (toil_budget IS NULL OR (toil_budget > 0 AND toil_budget <= 1));`,
  // v4: the upstream record an imported entry came from (`pagerduty:Q1ABC`, `jira:OPS-42:worklog:10001`),
  // unique where set, so importing an overlapping export again adds only what is new (SPEC §10).
  `
  ALTER TABLE entries ADD COLUMN source_key TEXT CHECK (source_key IS NULL OR length(source_key) BETWEEN 3 AND 300);
  CREATE UNIQUE INDEX entries_by_source ON entries (source_key) WHERE source_key IS NOT NULL;
  `,
  // v5: task names are one name when their Unicode case folds agree (nameKey, src/domain/inputs.ts),
  // not only in ASCII as NOCASE has it. toil fills the key (fillNameKeys); a task whose key another
  // task of its team already has keeps none, so nothing is merged silently: toil doctor names both.
  `
  ALTER TABLE tasks ADD COLUMN name_key TEXT CHECK (name_key IS NULL OR length(name_key) >= 1);
  CREATE UNIQUE INDEX tasks_by_key ON tasks (team_id, name_key);
  `,
]
