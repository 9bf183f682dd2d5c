-- Run once against the database in DATABASE_URL: psql "$DATABASE_URL" -f db/schema.sql
create table if not exists todos (
  id uuid primary key default gen_random_uuid(),
  title text not null check (length(title) between 1 and 200),
  done boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index if not exists todos_created_at_idx on todos (created_at desc);
