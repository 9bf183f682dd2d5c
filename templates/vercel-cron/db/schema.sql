-- One row per cron run key: the primary key makes a second delivery of the same run a no-op.
CREATE TABLE IF NOT EXISTS cron_runs (
  key         text PRIMARY KEY,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  result      jsonb
);
