/**
 * Live publications per scenario version (what the public may see), kept up to date by each write
 * that publishes or withdraws, so `publishedVersions()` never counts the publications table.
 * Filled from the publications already there.
 */
export const version = 2
export const name = 'published-versions'
export const sql = `
CREATE TABLE published_versions (
  scenario text NOT NULL,
  version text NOT NULL,
  publications integer NOT NULL CHECK (publications >= 0),
  PRIMARY KEY (scenario, version)
);
INSERT INTO published_versions (scenario, version, publications)
  SELECT scenario, version, count(*) FROM publications WHERE withdrawn IS NULL GROUP BY scenario, version;
CREATE INDEX publications_version ON publications (scenario, version, position);
`
