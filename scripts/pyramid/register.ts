/**
 * The builder registers what it builds in the catalogue (docs/CATALOGUE.md § Images): for every pyramid built
 * or already up to date, its facts read back from the stored file's provenance (IFD 0, provenance.ts): size,
 * SHA-256 of the master, build time, and an etag. The etag is the SHA-256 of the provenance record: it names
 * the builder version, source bytes, options and build time, so it changes whenever the stored pyramid does,
 * and it can be read from the first bytes of any destination (R2's own etag cannot: wrangler does not return
 * it, and a skipped input is never re-uploaded). Upserted in one batch; a rebuilt image keeps its row's id.
 */
import { createHash } from 'node:crypto';
import type { ImageFacts } from '../../src/catalog/record';
import { jsonChunks } from '../catalog/catalog-read';
import { sql, type CatalogDb } from '../catalog/db';
import type { Destination } from './destinations';
import { readDescription } from './head-probe';
import { parseProvenance, provenanceText } from './provenance';
import type { InputResult } from './results';

export interface FactsRead {
  readonly facts: ImageFacts[];
  /** Ids whose stored file could not be read back (a destination that cannot range-read). */
  readonly unread: string[];
}

export async function readImageFacts(results: readonly InputResult[], destination: Destination): Promise<FactsRead> {
  const facts: ImageFacts[] = [];
  const unread: string[] = [];
  for (const r of results) {
    if ((r.status !== 'built' && r.status !== 'skipped') || !r.id || !r.key) continue;
    const head = await destination.readHead(r.key);
    const p = parseProvenance(head ? readDescription(head) : null);
    if (!p) {
      unread.push(r.id);
      continue;
    }
    facts.push({
      id: r.id,
      width: p.source.width,
      height: p.source.height,
      etag: createHash('sha256').update(provenanceText(p)).digest('hex'),
      sha256: p.source.sha256,
      builtAt: p.created,
    });
  }
  return { facts, unread };
}

export async function registerImages(db: CatalogDb, facts: readonly ImageFacts[]): Promise<void> {
  const rows = facts.map((f) => [f.id, f.width, f.height, f.etag, f.sha256, f.builtAt]);
  const x = (i: number) => `json_extract(value, '$[${i}]')`;
  await db.batch(
    jsonChunks(rows, db.maxPayloadBytes, db.payloadBytes).map((chunk) =>
      sql(
        `INSERT INTO images (id, width, height, etag, sha256, built_at) SELECT ${[0, 1, 2, 3, 4, 5].map(x).join(', ')} FROM json_each(?1) WHERE true
         ON CONFLICT (id) DO UPDATE SET width = excluded.width, height = excluded.height, etag = excluded.etag,
           sha256 = excluded.sha256, built_at = excluded.built_at`,
        chunk,
      ),
    ),
  );
}
