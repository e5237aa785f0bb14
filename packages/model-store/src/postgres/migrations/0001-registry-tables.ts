// Migration 1: the registry's tables. Plain SQL kept in a .ts module (not a .sql file) so that tsc -b puts it in
// dist/ with the code that runs it, with no copy step in the build or the Docker image.
export const sql = `
-- One row per model name ever used. next_version is the counter that allocates version numbers: it only grows,
-- and the row outlives every version, so a number is never handed out twice, even after deletes.
CREATE TABLE models (
  name text COLLATE "C" PRIMARY KEY,
  next_version integer NOT NULL DEFAULT 1 CHECK (next_version >= 1)
);

-- One immutable version: metadata.json as json (zod-parsed on every read), with its status copied out for
-- resolution. json, not jsonb: it keeps the document as written, key order included, so an answer built from it
-- reads as in folder mode; nothing queries inside it.
CREATE TABLE versions (
  model_name text COLLATE "C" NOT NULL REFERENCES models (name),
  version integer NOT NULL CHECK (version >= 1),
  status text NOT NULL CHECK (status IN ('ready', 'rejected')),
  metadata json NOT NULL,
  PRIMARY KEY (model_name, version)
);

-- Where each artifact's bytes are in the artifact store, and what a read must find there.
CREATE TABLE artifacts (
  model_name text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  position integer NOT NULL,
  file text NOT NULL,
  key text NOT NULL UNIQUE,
  bytes bigint NOT NULL CHECK (bytes >= 0),
  sha256 char(64) NOT NULL,
  dtype text,
  shape integer[],
  PRIMARY KEY (model_name, version, file),
  FOREIGN KEY (model_name, version) REFERENCES versions ON DELETE CASCADE
);

-- The foreign key has no ON DELETE action: a version an alias points to cannot be deleted, whatever the code does.
CREATE TABLE aliases (
  model_name text COLLATE "C" NOT NULL,
  alias text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (model_name, alias),
  FOREIGN KEY (model_name, version) REFERENCES versions
);
CREATE INDEX aliases_by_version ON aliases (model_name, version);

-- Monitoring reports are small JSON documents: kept in the database, newest MONITORING_REPORTS_KEPT per version and kind.
CREATE TABLE monitoring_reports (
  id bigserial PRIMARY KEY,
  model_name text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL,
  report json NOT NULL
);
CREATE INDEX monitoring_reports_newest ON monitoring_reports (model_name, version, kind, created_at DESC, id DESC);
`;
