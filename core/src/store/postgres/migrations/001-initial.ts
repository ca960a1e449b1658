/**
 * The first schema. Records are kept as the JSON text they were written as (`record`), so a signed
 * publication reads back byte for byte (jsonb would renormalise numbers and refuse \u0000); the
 * columns beside it are what queries filter and order by. `position` keeps insertion order.
 */
export const version = 1
export const name = 'initial'
export const sql = `
CREATE TABLE instance (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- The audit chain's head. Every write locks this row (SELECT … FOR UPDATE) first, so appends from
  -- every process are serialised: one chain, one transparency log.
  audit_seq bigint NOT NULL DEFAULT 0,
  audit_hash text NOT NULL DEFAULT '${'0'.repeat(64)}',
  current_key_id text,
  -- The instance's stable id (the transparency log's origin is bund/<id>); set once.
  instance_id text,
  -- HMAC of a fixed text under the evaluation secret: every node must hold the same secret.
  evaluation_secret_check text
);
INSERT INTO instance DEFAULT VALUES;

CREATE TABLE signing_keys (
  key_id text PRIMARY KEY,
  public_key text NOT NULL,
  position bigserial NOT NULL UNIQUE
);

CREATE TABLE scenarios (
  id text NOT NULL,
  version text NOT NULL,
  author text NOT NULL,
  bundle_sha256 text NOT NULL,
  position bigserial NOT NULL UNIQUE,
  record text NOT NULL,
  PRIMARY KEY (id, version)
);

CREATE TABLE runs (
  id text PRIMARY KEY,
  scenario text NOT NULL,
  version text NOT NULL,
  status text NOT NULL,
  position bigserial NOT NULL UNIQUE,
  record text NOT NULL,
  -- An operator's release of a held run (the record itself is never rewritten).
  release text
);
CREATE INDEX runs_scenario ON runs (scenario, position);
CREATE INDEX runs_status ON runs (status, position);

CREATE TABLE publications (
  id text PRIMARY KEY,
  run_id text NOT NULL,
  scenario text NOT NULL,
  version text NOT NULL,
  position bigserial NOT NULL UNIQUE,
  record text NOT NULL,
  withdrawn text
);
CREATE INDEX publications_scenario ON publications (scenario, position);

CREATE TABLE accepted_runs (
  id text PRIMARY KEY,
  accepted_at text NOT NULL,
  record text NOT NULL
);

CREATE TABLE tokens (
  id text PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  revoked boolean NOT NULL DEFAULT false,
  position bigserial NOT NULL UNIQUE,
  record text NOT NULL
);

CREATE TABLE author_keys (
  org text PRIMARY KEY,
  record text NOT NULL
);

CREATE TABLE orgs (
  org text PRIMARY KEY,
  position bigserial NOT NULL UNIQUE,
  record text NOT NULL
);

CREATE TABLE audit (
  seq bigint PRIMARY KEY,
  subject text NOT NULL,
  entry text NOT NULL
);
CREATE INDEX audit_subject ON audit (subject, seq);

-- The transparency log's stored hashes (core/src/tlog): node (level, index) at storedIndex(level, index).
CREATE TABLE log_hashes (
  idx bigint PRIMARY KEY,
  hash bytea NOT NULL
);
`
