/** Supervision's read models and timers, applied at start after the event store's tables (idempotent). */
export const SUPERVISION_SCHEMA = `
-- The item catalog, as loaded from libs/service-standards/data/catalog: versions are
-- immutable once loaded (cases are measured against them) and take effect at 00:00
-- Asia/Shanghai of effective_from.
CREATE TABLE IF NOT EXISTS sv_catalog_versions (
  version        text PRIMARY KEY,
  effective_from date NOT NULL UNIQUE,
  title          text,
  notes          jsonb NOT NULL,
  departments    jsonb NOT NULL,
  content_hash   text NOT NULL,
  loaded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS sv_catalog_items (
  version       text NOT NULL REFERENCES sv_catalog_versions (version) ON DELETE CASCADE,
  code          text NOT NULL,
  kind          text NOT NULL,
  department    text NOT NULL,
  parent        text,
  name          text NOT NULL,
  ordinal       integer NOT NULL,
  entry         jsonb NOT NULL,
  PRIMARY KEY (version, code)
);
CREATE INDEX IF NOT EXISTS sv_catalog_items_department ON sv_catalog_items (version, department, ordinal);
CREATE INDEX IF NOT EXISTS sv_catalog_items_parent ON sv_catalog_items (version, parent, ordinal);

-- One row per case of any department: the pure TrackedCase state plus the columns queries filter on.
CREATE TABLE IF NOT EXISTS sv_cases (
  case_key        text PRIMARY KEY,
  service         text NOT NULL,
  case_id         text NOT NULL,
  item_code       text NOT NULL,
  item_department text,
  department      text NOT NULL,
  catalog_version text,
  measured        boolean NOT NULL,
  status          text NOT NULL,
  standing        text,
  immediate       boolean,
  review_steps    integer NOT NULL,
  accepted_at     timestamptz,
  decided_at      timestamptz,
  completed_at    timestamptz,
  due_at          timestamptz,
  warned_at       timestamptz,
  breached_at     timestamptz,
  state           jsonb NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 80); -- room for HOT updates: every lifecycle event rewrites its case's row
CREATE INDEX IF NOT EXISTS sv_cases_accepted ON sv_cases (accepted_at);
CREATE INDEX IF NOT EXISTS sv_cases_item_department ON sv_cases (item_department, accepted_at);
CREATE INDEX IF NOT EXISTS sv_cases_department ON sv_cases (department, accepted_at);
CREATE INDEX IF NOT EXISTS sv_cases_item ON sv_cases (item_code, accepted_at);

-- Durable timers: the 80% warning and the breach of each running case, scanned
-- with FOR UPDATE SKIP LOCKED so replicas never fire one twice. armed_at: when
-- supervision read the event that set it (a timer waits until the consumer has
-- read a little past that, so the case's later events are in).
CREATE TABLE IF NOT EXISTS sv_timers (
  case_key  text NOT NULL REFERENCES sv_cases (case_key) ON DELETE CASCADE,
  kind      text NOT NULL CHECK (kind IN ('warning', 'breach')),
  due_at    timestamptz NOT NULL,
  armed_at  timestamptz NOT NULL,
  attempts  integer NOT NULL DEFAULT 0,
  last_error text,
  PRIMARY KEY (case_key, kind)
);
CREATE INDEX IF NOT EXISTS sv_timers_due ON sv_timers (due_at);

-- Citizen ratings (好差评) and the rectifications a bad one opens.
CREATE TABLE IF NOT EXISTS sv_ratings (
  case_key    text PRIMARY KEY,
  service     text NOT NULL,
  case_id     text NOT NULL,
  department  text NOT NULL,
  item_code   text NOT NULL,
  stars       smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment     text,
  rated_at    timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sv_ratings_department ON sv_ratings (department, rated_at);
CREATE TABLE IF NOT EXISTS sv_rectifications (
  case_key    text PRIMARY KEY,
  service     text NOT NULL,
  case_id     text NOT NULL,
  department  text NOT NULL,
  item_code   text NOT NULL,
  stars       smallint NOT NULL,
  opened_at   timestamptz NOT NULL,
  due_date    date NOT NULL,
  due_at      timestamptz NOT NULL,
  status      text NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at   timestamptz,
  closed_late boolean,
  resolution  text
);
CREATE INDEX IF NOT EXISTS sv_rectifications_open ON sv_rectifications (department, due_at) WHERE status = 'open';
`;
