/**
 * Catalogue objects in real viewers (Debian's Chromium, `wrangler dev` with a local D1 and R2): Mirador, served
 * by the Worker at /viewer/{object}, shows the record's label, every canvas label in order and the metadata
 * panel, and deep-zooms a page; Universal Viewer (/viewer/{object}?uv) opens the same manifest and shows its
 * pages; a record edited in the local D1 while the server runs is in the next manifest fetch; a restricted
 * object asks an anonymous browser to log in (records open: the viewer's IIIF Auth prompt; records restricted:
 * the page's own login link). Rows are written by test/helpers/node-catalog.ts, not by the importer.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDotVars } from '../../scripts/dev-token';
import { collectionRow, imageRow, objectRows, text, type TestObject } from '../helpers/catalog-rows';
import { type BrowserSession, freePortPair, launchBrowser, NetworkLog, type SeenResponse } from '../helpers/node-browser';
import { applyMigrations, openLocalCatalog, type LocalCatalog } from '../helpers/node-catalog';
import { type LocalServer, seedObject, startServer } from '../helpers/node-server';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const PAGES = [
  { image: 'mss/hours/001', file: 'chart-1000x700-t256-q90.tif', width: 1000, height: 700, label: 'f. 1r' },
  { image: 'mss/hours/002', file: 'gray-600x900-t256.tif', width: 600, height: 900, label: 'f. 1v' },
  { image: 'mss/hours/010', file: 'chart-600x400-t512.tif', width: 600, height: 400, label: 'f. 2r' },
] as const;
const RESTRICTED = [
  { image: 'letters/1/001', file: 'chart-1000x700-t256-q90.tif' },
  { image: 'private/1/001', file: 'chart-1000x700-t256-q90.tif' },
] as const;

const BOOK: TestObject = {
  id: 'mss/hours',
  collection: 'mss',
  label: { en: ['Book of hours'] },
  record: {
    summary: { en: ['A book of hours, use of Rome.'] },
    metadata: [
      { label: { en: ['Date'] }, value: { none: ['c. 1450'] } },
      { label: { en: ['Material'] }, value: { en: ['Parchment'] } },
      { label: { en: ['Shelfmark'] }, value: { none: ['MS 123'] } },
    ],
    rights: 'http://creativecommons.org/licenses/by/4.0/',
    requiredStatement: { label: { en: ['Attribution'] }, value: { en: ['Example Library'] } },
    behavior: ['paged'],
  },
  canvases: PAGES.map((p) => ({ image: p.image, label: text(p.label) })),
};

/** Deep-zoom tiles of the book's pages: a region `x,y,w,h`, at 1 output px per image px or finer. */
const isTile = (r: SeenResponse) => /\/iiif\/3\/mss%2Fhours%2F[^/]+\/\d+,\d+,\d+,\d+\/[^/]+\/0\/default\.jpg$/.test(new URL(r.url).pathname);
const scaleOf = (r: SeenResponse) => {
  const [region, size] = new URL(r.url).pathname.split('/').slice(-4) as [string, string];
  return Number(region.split(',')[2]) / Number(size.split(',')[0]);
};

let persistTo: string;
let server: LocalServer;
let catalog: LocalCatalog;
let browser: BrowserSession;

beforeAll(async () => {
  persistTo = await mkdtemp(join(tmpdir(), 'iiif-e2e-catalog-'));
  for (const p of [...PAGES, ...RESTRICTED]) await seedObject(persistTo, `${p.image}.tif`, join(FIXTURES, p.file));
  await applyMigrations(persistTo);
  catalog = await openLocalCatalog(persistTo);
  await catalog.run([
    ...PAGES.map((p) => imageRow({ id: p.image, width: p.width, height: p.height, etag: p.image })),
    ...RESTRICTED.map((p) => imageRow({ id: p.image, width: 1000, height: 700, etag: p.image })),
    collectionRow({ name: 'mss', parent: null, label: text('Manuscripts') }),
    ...objectRows(BOOK),
    ...objectRows({ id: 'letters/1', collection: 'letters', label: text('A letter'), canvases: [{ image: 'letters/1/001', label: text('page 1') }] }),
    ...objectRows({ id: 'private/1', collection: 'private', label: text('A private diary'), canvases: [{ image: 'private/1/001' }] }),
  ]);
  const port = await freePortPair(30_000, 39_000);
  // The development Access team and secret (DEVELOPMENT ONLY values, docs/ACCESS.md), as access-startup does.
  const dev = readDotVars(await readFile(join(ROOT, '.dev.vars.example'), 'utf8'));
  const allow = { domains: ['example.org'] };
  server = await startServer({
    port,
    persistTo,
    vars: {
      ...Object.fromEntries(['ACCESS_TEAM_DOMAIN', 'ACCESS_AUD', 'ACCESS_JWKS', 'TOKEN_SECRET'].map((k) => [k, dev[k]!])),
      VIEWER_ORIGINS: `http://127.0.0.1:${port}`,
      AUTH_INSTITUTION: 'Example Library',
      COLLECTIONS: JSON.stringify({ collections: { 'letters/': { policy: 'restricted', allow, records: 'open' }, 'private/': { policy: 'restricted', allow } } }),
    },
  });
  browser = await launchBrowser({ width: 1000, height: 700 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await catalog?.dispose();
  await rm(persistTo, { recursive: true, force: true });
});

describe('Mirador at /viewer/{object}', () => {
  it('shows the label, the metadata panel, every canvas label in order, and deep-zooms a page', async () => {
    const { page } = browser;
    const log = new NetworkLog(page);
    await page.goto(`${server.url}/viewer/mss/hours`);
    // The window title and the "About this item" panel: label and every metadata pair of the record.
    await page.getByRole('heading', { name: 'Book of hours' }).first().waitFor({ timeout: 60_000 });
    const about = page.locator('#viewer');
    for (const text of ['About this item', 'Date', 'c. 1450', 'Material', 'Parchment', 'Shelfmark', 'MS 123']) {
      await about.getByText(text, { exact: true }).first().waitFor({ timeout: 30_000 });
    }
    // Rights panel: the required statement and the licence.
    await page.getByRole('tab', { name: 'Rights' }).click();
    await about.getByText('Example Library', { exact: true }).first().waitFor();
    await about.getByText('http://creativecommons.org/licenses/by/4.0/').first().waitFor();
    // Index panel: every canvas, in order.
    await page.getByRole('tab', { name: 'Index' }).click();
    const items = page.locator('[role="menuitem"], li').filter({ hasText: /^f\. \d[rv]$/ });
    await items.first().waitFor({ timeout: 30_000 });
    expect(await items.allInnerTexts()).toEqual(PAGES.map((p) => p.label));

    // Deep zoom: wheel in over the page until full-resolution tiles come.
    await log.waitFor((r) => isTile(r) && r.status === 200, 60_000);
    const canvas = page.locator('.openseadragon-canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 5; i++) {
      await page.mouse.wheel(0, -300);
      await log.quiet(1000, 60_000);
    }
    const responses = await log.responses();
    expect(log.failed).toEqual([]);
    expect(responses.filter((r) => r.status >= 400 && !r.url.endsWith('/favicon.ico')).map((r) => `${r.status} ${r.url}`)).toEqual([]);
    expect(Math.min(...responses.filter(isTile).map(scaleOf)), 'zoomed in to full-resolution tiles').toBe(1);
    // Mirador came from this Worker, not from a CDN.
    expect(responses.filter((r) => !r.url.startsWith(server.url)).map((r) => r.url)).toEqual([]);
  });
});

describe('Universal Viewer at /viewer/{object}?uv', () => {
  it('opens the same manifest and shows its pages', async () => {
    const { page } = browser;
    const log = new NetworkLog(page);
    await page.goto(`${server.url}/viewer/mss/hours?uv`);
    const thumbs = page.locator('.thumb');
    await thumbs.nth(PAGES.length - 1).waitFor({ timeout: 60_000 });
    expect((await thumbs.allInnerTexts()).map((t) => t.trim())).toEqual(PAGES.map((p) => p.label));
    await page.getByText('Book of hours').first().waitFor();
    // The first page is drawn from the Worker's image service (its info.json, then image requests other than
    // the thumbnails).
    const firstPage = (r: SeenResponse) =>
      r.status === 200 && /\/iiif\/[23]\/mss%2Fhours%2F001\/(?!full\/(200,140|!200,200)\/)[^/]+\/[^/]+\/0\/default\.jpg$/.test(new URL(r.url).pathname);
    await log.waitFor(firstPage, 60_000).catch(async (err: unknown) => {
      console.log((await log.responses()).map((r) => `${r.status} ${r.url}`).join('\n'));
      throw err;
    });
    const responses = await log.responses();
    expect(responses.some((r) => /\/iiif\/[23]\/mss%2Fhours%2F001\/info\.json$/.test(r.url) && r.status === 200)).toBe(true);
    expect(responses.some((r) => r.url === `${server.url}/iiif/manifest/mss%2Fhours` && r.status === 200)).toBe(true);
    expect(responses.filter((r) => !r.url.startsWith(server.url) && !r.url.startsWith('data:')).map((r) => r.url)).toEqual([]);
  });
});

describe('an edited record', () => {
  it('appears in the next manifest fetch, with nothing rebuilt or restarted', async () => {
    const url = `${server.url}/iiif/manifest/mss%2Fhours`;
    const before = (await (await fetch(url)).json()) as { label: unknown; metadata: unknown[] };
    expect(before.label).toEqual({ en: ['Book of hours'] });
    await catalog.run(objectRows({ ...BOOK, label: { en: ['Book of hours (corrected)'] }, updatedAt: '2026-12-02T12:00:00Z' }));
    const after = (await (await fetch(url)).json()) as { label: unknown };
    expect(after.label).toEqual({ en: ['Book of hours (corrected)'] });
    // (A browser that fetched it before may keep its copy for up to the 30 s max-age: docs/CATALOGUE.md, "Caching".)
    await catalog.run(objectRows(BOOK));
  });
});

describe('a restricted object, anonymous', () => {
  it('records open: Mirador shows the record and offers the IIIF Auth login', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/viewer/letters/1`);
    await page.getByRole('heading', { name: 'A letter' }).first().waitFor({ timeout: 60_000 });
    await page.getByText('Log in to Example Library').first().waitFor({ timeout: 60_000 });
  });

  it('records restricted: the page says why and links to the login', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/viewer/private/1`);
    await page.waitForSelector('body[data-state="signin"]', { timeout: 30_000 });
    expect(await page.locator('#reason').innerText()).toMatch(/sign in/);
    expect(await page.locator('#login').getAttribute('href')).toBe(`${server.url}/auth/login`);
  });
});
