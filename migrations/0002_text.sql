-- The text on the pages (docs/SEARCH.md): transcriptions and OCR imported by `npm run catalog -- text import`
-- or `build-pyramid --object --ocr`, searched by IIIF Content Search 1.0 and 2.0. Coordinates are in the
-- canvas's space (the importer scales them from the OCR image's size), integers, x/y of the top-left corner.
--
-- Candidates come from FTS5 over whole pages (one row per canvas: a phrase that runs across a line break is
-- still a phrase); the Worker then finds the matching words in `text_words`, in order, for their boxes. FTS5
-- is an external-content index over `page_text`, so it can always be rebuilt from the base tables:
--   INSERT INTO text_fts(text_fts) VALUES ('rebuild');
-- D1 cannot export a database holding a virtual table: export drops `text_fts`, and restore recreates and
-- rebuilds it (docs/SEARCH.md § Backup).

-- One row per canvas with text. `text` is every word of the page in reading order, lines separated by '\n'.
CREATE TABLE page_text (
  id          INTEGER PRIMARY KEY,                -- FTS5 rowid
  object      TEXT NOT NULL,
  position    INTEGER NOT NULL CHECK (position > 0), -- the canvas (canvases.position)
  source      TEXT NOT NULL,                      -- 'hocr', 'alto', 'annotations' or 'ocr'
  language    TEXT,                               -- BCP 47 tag, when the source says
  text        TEXT NOT NULL,
  imported_at TEXT NOT NULL,                      -- ISO 8601 UTC
  UNIQUE (object, position)
);

-- Lines (and the block each belongs to), in reading order: the `annotations` page of each canvas, and the
-- box of a hit on several words (one box per line it covers).
CREATE TABLE text_lines (
  object    TEXT NOT NULL,
  position  INTEGER NOT NULL,
  line      INTEGER NOT NULL CHECK (line >= 0),   -- 0-based order on the page
  block     INTEGER NOT NULL CHECK (block >= 0),
  x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL CHECK (w >= 0), h INTEGER NOT NULL CHECK (h >= 0),
  text      TEXT NOT NULL,
  PRIMARY KEY (object, position, line)
) WITHOUT ROWID;

-- Words with their boxes, in reading order. `norm` is the word as search compares it (case folded,
-- diacritics removed, punctuation at its ends stripped), the same folding as FTS5's unicode61 with
-- remove_diacritics 2.
CREATE TABLE text_words (
  object    TEXT NOT NULL,
  position  INTEGER NOT NULL,
  word      INTEGER NOT NULL CHECK (word >= 0),   -- 0-based order on the page
  line      INTEGER NOT NULL,                     -- text_lines.line
  x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL CHECK (w >= 0), h INTEGER NOT NULL CHECK (h >= 0),
  text      TEXT NOT NULL,
  norm      TEXT NOT NULL,
  PRIMARY KEY (object, position, word)
) WITHOUT ROWID;

-- Autocomplete terms per object with their counts, so a listing can leave out objects the caller may not
-- see (a global FTS5 vocabulary cannot: autocomplete terms would leak).
CREATE TABLE text_terms (
  object  TEXT NOT NULL,
  term    TEXT NOT NULL,                          -- normalised as text_words.norm
  n       INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (object, term)
) WITHOUT ROWID;
CREATE INDEX text_terms_by_term ON text_terms (term, object);

CREATE VIRTUAL TABLE text_fts USING fts5(
  text,
  content = 'page_text',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
