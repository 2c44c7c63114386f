/**
 * Manifests from catalogue records, through the real Worker with a local D1 and R2: Presentation 3.0's rules,
 * every record property, ids that resolve on this host, canvas sizes equal to the images', caching, edits that
 * show at once, and the query budget of a 1,000-canvas manifest.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { D1Like } from '../../src/catalog/d1-catalog';
import { D1Catalog } from '../../src/catalog/d1-catalog';
import { imageRow, objectRows, text } from '../helpers/catalog-rows';
import { BOOK, BOOK_PAGES, BOOK_RECORD, expectValidManifest, run, seedBook } from '../helpers/worker-catalog';
import { get, ORIGIN } from '../helpers/worker-fixtures';

type Json = Record<string, any>;
const MANIFEST = '/iiif/manifest/mss%2Fhours';

beforeAll(seedBook);

async function manifest(path = MANIFEST): Promise<Json> {
  const res = await get(path);
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

describe('a manifest from a record', () => {
  it('follows Presentation 3.0 and carries every property of the record', async () => {
    const res = await get(MANIFEST);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const doc = (await res.json()) as Json;
    expectValidManifest(doc);
    expect(doc).toMatchObject({
      id: `${ORIGIN}/iiif/manifest/mss%2Fhours`,
      label: BOOK.label,
      summary: BOOK_RECORD.summary,
      metadata: BOOK_RECORD.metadata,
      rights: BOOK_RECORD.rights,
      requiredStatement: BOOK_RECORD.requiredStatement,
      navDate: '1450-01-01T00:00:00Z',
      behavior: ['paged'],
      viewingDirection: 'left-to-right',
      homepage: [{ id: 'https://catalogue.example.org/123', type: 'Text', label: BOOK.label, format: 'text/html' }],
      seeAlso: [{ id: 'https://catalogue.example.org/123.xml', type: 'Dataset', format: 'text/xml', profile: 'http://www.loc.gov/mods/v3' }],
      partOf: [{ id: `${ORIGIN}/iiif/collection/mss`, type: 'Collection', label: { en: ['Manuscripts'] } }],
    });
    expect(doc.provider).toEqual([
      {
        id: `${ORIGIN}/iiif/manifest/mss%2Fhours/provider/1`,
        type: 'Agent',
        label: { en: ['Example Library'] },
        homepage: [{ id: 'https://library.example.org/', type: 'Text', label: { en: ['Example Library'] }, format: 'text/html' }],
        logo: [{ id: 'https://library.example.org/logo.png', type: 'Image', format: 'image/png' }],
      },
    ]);
    expect(doc.items.map((c: Json) => c.label)).toEqual(BOOK_PAGES.map((p) => text(p.label)));
  });

  it('sizes each canvas as its image: the registered facts and the info.json agree', async () => {
    const doc = await manifest();
    for (const [i, canvas] of (doc.items as Json[]).entries()) {
      const page = BOOK_PAGES[i]!;
      expect([canvas.width, canvas.height]).toEqual([page.width, page.height]);
      const body = canvas.items[0].items[0].body;
      expect([body.width, body.height]).toEqual([page.width, page.height]);
      const info = (await (await get(new URL(`${body.service[0].id}/info.json`).pathname)).json()) as Json;
      expect([info.width, info.height]).toEqual([canvas.width, canvas.height]);
    }
  });

  it('paints each canvas with an Image whose services are ImageService3 and ImageService2', async () => {
    const doc = await manifest();
    const body = doc.items[1].items[0].items[0].body;
    expect(body.service).toEqual([
      { id: `${ORIGIN}/iiif/3/mss%2Fhours%2F002`, type: 'ImageService3', profile: 'level2' },
      { '@id': `${ORIGIN}/iiif/2/mss%2Fhours%2F002`, '@type': 'ImageService2', profile: 'http://iiif.io/api/image/2/level2.json' },
    ]);
    expect(doc['@context']).toBe('http://iiif.io/api/presentation/3/context.json');
  });

  it('turns structures into Ranges of the canvases, nested', async () => {
    const doc = await manifest();
    const canvas = (n: number) => ({ id: doc.items[n - 1].id, type: 'Canvas' });
    expect(doc.structures).toEqual([
      { id: `${doc.id}/range/1`, type: 'Range', label: { en: ['Calendar'] }, items: [canvas(1), canvas(2)] },
      { id: `${doc.id}/range/2`, type: 'Range', label: { en: ['Hours'] }, items: [{ id: `${doc.id}/range/2-1`, type: 'Range', label: { en: ['Matins'] }, items: [canvas(3)] }] },
    ]);
  });

  it('has ids that resolve on this host: the manifest, its collection, image services, thumbnails and images', async () => {
    const doc = await manifest();
    const local = (url: string) => {
      expect(url.startsWith(`${ORIGIN}/`), url).toBe(true);
      return url.slice(ORIGIN.length);
    };
    expect(await manifest(local(doc.id))).toEqual(doc);
    const collection = (await (await get(local(doc.partOf[0].id))).json()) as Json;
    expect(collection.type).toBe('Collection');
    expect(collection.items.map((i: Json) => i.id)).toContain(doc.id);
    const services = (doc.items as Json[]).flatMap((c) => c.items[0].items[0].body.service as Json[]);
    for (const s of services) {
      const id = (s.id ?? s['@id']) as string;
      const info = (await (await get(`${local(id)}/info.json`)).json()) as Json;
      expect(info.id ?? info['@id']).toBe(id);
    }
    const images = [doc.thumbnail[0].id, ...(doc.items as Json[]).flatMap((c) => [c.thumbnail[0].id, c.items[0].items[0].body.id])];
    for (const url of images) {
      const res = await get(local(url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('image/jpeg');
      await res.arrayBuffer();
    }
  });

  it('gives the thumbnail its size and image service', async () => {
    const doc = await manifest();
    expect(doc.thumbnail).toEqual([
      {
        id: `${ORIGIN}/iiif/3/mss%2Fhours%2F001/full/200,140/0/default.jpg`,
        type: 'Image',
        format: 'image/jpeg',
        width: 200,
        height: 140,
        service: [{ id: `${ORIGIN}/iiif/3/mss%2Fhours%2F001`, type: 'ImageService3', profile: 'level2' }],
      },
    ]);
  });

  it('answers HEAD with the headers only, and 304 to its own ETag; caches publicly for under a minute', async () => {
    const res = await get(MANIFEST);
    const etag = res.headers.get('ETag')!;
    expect(etag).toMatch(/^"/);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=30');
    const head = await get(MANIFEST, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('ETag')).toBe(etag);
    expect(await head.text()).toBe('');
    const again = await get(MANIFEST, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('shows an edited record in the next fetch, with a new ETag', async () => {
    const before = await get('/iiif/manifest/mss%2Fedit');
    expect(before.status).toBe(404);
    await run(objectRows({ ...BOOK, id: 'mss/edit', label: text('First label'), updatedAt: '2026-12-01T10:00:00Z' }));
    const first = await get('/iiif/manifest/mss%2Fedit');
    const etag = first.headers.get('ETag')!;
    expect(((await first.json()) as Json).label).toEqual(text('First label'));
    await run(objectRows({ ...BOOK, id: 'mss/edit', label: text('Corrected label'), updatedAt: '2026-12-01T10:05:00Z' }));
    const second = await get('/iiif/manifest/mss%2Fedit', { headers: { 'If-None-Match': etag } });
    expect(second.status).toBe(200);
    expect(second.headers.get('ETag')).not.toBe(etag);
    expect(((await second.json()) as Json).label).toEqual(text('Corrected label'));
  });

  it('changes its ETag when a page is rebuilt (a new image etag)', async () => {
    const etag = (await get(MANIFEST)).headers.get('ETag');
    await run([imageRow({ id: 'mss/hours/002', width: 600, height: 900, etag: 'rebuilt' })]);
    expect((await get(MANIFEST)).headers.get('ETag')).not.toBe(etag);
  });

  it.each([
    ['/iiif/manifest/', 400],
    ['/iiif/manifest/mss/hours', 400],
    ['/iiif/manifest/%00', 400],
    ['/iiif/manifest/nothing%2Fhere', 404],
  ])('%s → %i with a JSON reason', async (path, status) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    const body = (await res.json()) as Json;
    expect(body.status).toBe(status);
    expect(body.error).toBeTypeOf('string');
  });
});

describe('the query budget', () => {
  /** Counts statements sent to D1, through prepare+all/first/run or inside a batch. */
  function counting(db: D1Database): { db: D1Like; statements: () => number } {
    let n = 0;
    const wrap = (s: D1PreparedStatement): D1PreparedStatement =>
      new Proxy(s, {
        get(target, prop) {
          if (prop === 'bind') return (...v: unknown[]) => wrap(target.bind(...v));
          if (prop === 'all' || prop === 'first' || prop === 'run' || prop === 'raw') {
            return (...a: unknown[]) => {
              n += 1;
              return (target as any)[prop](...a);
            };
          }
          return (target as any)[prop];
        },
      });
    return {
      db: {
        prepare: (sql) => wrap(db.prepare(sql)),
        batch: (statements) => {
          n += statements.length;
          return db.batch(statements);
        },
      },
      statements: () => n,
    };
  }

  it('reads a 1,000-canvas manifest in at most three D1 statements', async () => {
    const pages = Array.from({ length: 1000 }, (_, i) => `big/book/${String(i + 1).padStart(4, '0')}`);
    await run(pages.map((id) => imageRow({ id, width: 2000, height: 3000, etag: `e-${id}` })));
    await run(objectRows({ id: 'big/book', collection: 'big', label: text('A thousand pages'), canvases: pages.map((image) => ({ image, label: text(image.slice(-4)) })) }));
    const { db, statements } = counting(env.CATALOG);
    const data = await new D1Catalog(db).manifestData('big/book');
    expect(data?.canvases).toHaveLength(1000);
    expect(data?.canvases.every((c) => c.facts?.width === 2000)).toBe(true);
    expect(statements()).toBeLessThanOrEqual(3);
    const doc = (await (await get('/iiif/manifest/big%2Fbook')).json()) as Json;
    expect(doc.items).toHaveLength(1000);
    expect(doc.items[999].label).toEqual(text('1000'));
  });
});

describe('/viewer/{object}', () => {
  it.each([
    ['/viewer/mss/hours', '/viewer-assets/mirador/mirador.min.js'],
    ['/viewer/mss%2Fhours', '/viewer-assets/mirador/mirador.min.js'],
    ['/viewer/mss/hours?uv', '/viewer-assets/uv/umd/UV.js'],
  ])('%s opens the manifest in its viewer, from this Worker’s own assets', async (path, script) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`const manifest = "${ORIGIN}/iiif/manifest/mss%2Fhours"`);
    expect(html).toContain(`<script src="${script}"></script>`);
    expect(html).not.toMatch(/https?:\/\/(?!iiif\.test)[a-z]/i);
  });

  it('keeps OpenSeadragon for an image without a record', async () => {
    const html = await (await get('/viewer/mss/hours/001')).text();
    expect(html).toContain('openseadragon.min.js');
    expect(html).toContain(`"${ORIGIN}/iiif/3/mss%2Fhours%2F001/info.json"`);
  });
});
