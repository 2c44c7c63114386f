-- The catalogue (docs/CATALOGUE.md): image facts registered by the builder, object records with their ordered
-- canvases, and nested collections. Applied by `wrangler d1 migrations apply catalog` (npm start does it locally).
-- Every query the Worker makes is answered from a primary key or one of the indexes below, so a manifest costs
-- the same with ten records or ten million. Language maps and records are JSON text (src/catalog/record.ts).

-- One row per image the builder made: enough for a canvas (size) and for an ETag (etag), with no R2 read.
CREATE TABLE images (
  id        TEXT PRIMARY KEY,                     -- IIIF image identifier (R2 key = KEY_TEMPLATE with {id})
  width     INTEGER NOT NULL CHECK (width > 0),
  height    INTEGER NOT NULL CHECK (height > 0),
  etag      TEXT NOT NULL,                        -- etag (or SHA-256) of the stored pyramid
  sha256    TEXT NOT NULL,                        -- SHA-256 of the master it was built from
  built_at  TEXT NOT NULL                         -- ISO 8601 UTC
) WITHOUT ROWID;

-- Collections nest by name: 'mss/letters' has parent 'mss'; top-level collections have parent NULL.
CREATE TABLE collections (
  name        TEXT PRIMARY KEY,
  parent      TEXT,
  label       TEXT NOT NULL,                      -- JSON language map
  summary     TEXT,                               -- JSON language map or NULL
  updated_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX collections_by_parent ON collections (parent, name);

-- One row per object (what a manifest describes). `label` and `thumbnail` are kept out of `record` so
-- collection listings never parse records; `sort_key` is the natural-order key of the id (page 2 before page
-- 10), the keyset for paging a collection's members.
CREATE TABLE objects (
  id          TEXT PRIMARY KEY,
  collection  TEXT NOT NULL,
  sort_key    TEXT NOT NULL,
  label       TEXT NOT NULL,                      -- JSON language map
  thumbnail   TEXT,                               -- image id (the record's, else the first canvas's)
  record      TEXT NOT NULL,                      -- JSON StoredRecord (src/catalog/record.ts)
  hash        TEXT NOT NULL,                      -- SHA-256 of the normalised import form: unchanged re-imports write nothing
  updated_at  TEXT NOT NULL                       -- ISO 8601 UTC; part of the manifest ETag
) WITHOUT ROWID;
CREATE INDEX objects_by_collection ON objects (collection, sort_key, id);

-- An object's pages in order. Not a foreign key to images: the importer checks that images exist, and a
-- rebuilt image keeps its row.
CREATE TABLE canvases (
  object    TEXT NOT NULL,
  position  INTEGER NOT NULL CHECK (position > 0), -- 1-based, dense
  image     TEXT NOT NULL,
  label     TEXT,                                 -- JSON language map or NULL
  PRIMARY KEY (object, position)
) WITHOUT ROWID;
CREATE INDEX canvases_by_image ON canvases (image);
