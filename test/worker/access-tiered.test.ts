/**
 * The tiered cap is a cap on resolution (output pixels per full-resolution pixel), not on output size:
 * without sign-in, zooming into a small region at full resolution is refused just like the whole image at
 * full size. The public tier is an image service of its own (`…/{id}/capped`), whose info.json describes
 * the capped width, height, tiles and sizes, and which a viewer can deep-zoom tile by tile — the tiles
 * being stored tiles of the capped level, passed through. Chart fixture: 1000×700, levels 1000/500/250,
 * 256 px tiles; cap 500 px, so the scale limit is 0.5 and the capped service is 500×350.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { decodeImage } from '../../src/pixels/codecs-decode';
import { MemorySource } from '../../src/source/memory-source';
import { HEAD_READ_BYTES, openPyramid } from '../../src/tiff/open-pyramid';
import { fixtureBytes, ORIGIN } from '../helpers/worker-fixtures';
import { accessTeam, accessToken, call, credentials, IDS, MAX_SIZE, PEOPLE, seedAccessImages, seg } from '../helpers/worker-access';

let env: Env;
let allowedCookie: Record<string, string>;
const main = `/iiif/3/${seg(IDS.tiered)}`;
const capped = `${main}/capped`;

beforeAll(async () => {
  env = (await accessTeam()).env;
  await seedAccessImages();
  allowedCookie = credentials('cookie', await accessToken(PEOPLE.allowed));
});

describe('the cap is on resolution', () => {
  // [region/size/rotation, anonymous status]; the allowed person gets 200 for every one.
  it.each([
    ['0,0,256,256/256,256/0', 403], // a small region at full resolution
    ['100,100,1,1/1,1/0', 200], // one pixel rounds up to one pixel
    ['0,0,256,256/128,128/0', 200], // the same region at the cap's scale
    ['0,0,256,256/129,128/0', 403], // one pixel wider than the cap allows
    ['1,1,3,3/2,2/0', 200], // 1.5 px rounds up to 2
    ['1,1,3,3/3,3/0', 403],
    ['0,0,100,100/max/0', 403], // max of a region is its full-resolution size
    ['full/max/0', 403],
    ['full/500,/0', 200],
    ['full/501,/0', 403],
    ['full/!500,500/0', 200],
    ['full/pct:50/0', 200],
    ['full/pct:51/0', 403],
    ['square/350,350/0', 200],
    ['square/351,/0', 403],
    ['0,0,512,512/256,256/90', 200],
    ['0,0,256,256/256,256/90', 403],
    ['pct:90,90,10,10/max/0', 403],
  ] as const)('%s: anonymous %i, allowed 200', async (params, anonymous) => {
    const path = `${main}/${params}/default.jpg`;
    const anon = await call(env, path);
    expect(anon.status).toBe(anonymous);
    if (anonymous === 403) expect(await anon.text()).toMatch(new RegExp(`available up to ${MAX_SIZE} px on the long side`));
    expect((await call(env, path, { headers: allowedCookie })).status).toBe(200);
  });

  it('Image API 2.1 requests are capped the same way', async () => {
    const v2 = `/iiif/2/${seg(IDS.tiered)}`;
    expect((await call(env, `${v2}/0,0,256,256/256,/0/default.jpg`)).status).toBe(403);
    expect((await call(env, `${v2}/full/full/0/default.jpg`)).status).toBe(403);
    expect((await call(env, `${v2}/full/500,/0/default.jpg`)).status).toBe(200);
  });
});

interface Info3 {
  '@context': unknown;
  id: string;
  width: number;
  height: number;
  tiles: { width: number; height: number; scaleFactors: number[] }[];
  sizes: { width: number; height: number }[];
  service?: Record<string, unknown>[];
}

describe('the capped service', () => {
  it('anonymous info.json redirects to it, and it describes the capped image', async () => {
    const redirect = await call(env, `${main}/info.json`);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('Location')!;
    expect(location).toBe(`${ORIGIN}${capped}/info.json`);
    const res = await call(env, new URL(location).pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    const info = (await res.json()) as Info3;
    expect(info).toMatchObject({ id: `${ORIGIN}${capped}`, width: 500, height: 350 });
    expect(info['@context']).toBe('http://iiif.io/api/image/3/context.json');
    expect(info.tiles).toEqual([{ width: 256, height: 256, scaleFactors: [1, 2] }]);
    expect(info.sizes).toEqual([
      { width: 250, height: 175 },
      { width: 500, height: 350 },
    ]);
    // Auth 1.0 §3.2: the lower tier still offers sign-in; no probe (everyone may see it).
    const types = (info.service ?? []).map((s) => s['@type'] ?? s['type']);
    expect(types).toEqual(['AuthCookieService1']);
  });

  it('Image API 2.1 capped info.json', async () => {
    const res = await call(env, `/iiif/2/${seg(IDS.tiered)}/capped/info.json`);
    const info = (await res.json()) as Record<string, unknown>;
    expect(info).toMatchObject({ '@id': `${ORIGIN}/iiif/2/${seg(IDS.tiered)}/capped`, width: 500, height: 350 });
    expect(info['tiles']).toEqual([{ width: 256, height: 256, scaleFactors: [1, 2] }]);
    expect(JSON.stringify(info['service'])).toContain('http://iiif.io/api/auth/1/login');
  });

  it('a viewer deep-zooms it: every tile of every scale factor is served at its size, stored tiles passed through', async () => {
    const info = (await (await call(env, `${capped}/info.json`)).json()) as Info3;
    const { width: tw, height: th, scaleFactors } = info.tiles[0]!;
    // Which right-edge tiles the builder stored exact-size copies of (the capped service is levels 1…).
    const source = new MemorySource(fixtureBytes('chart'));
    const levels = (await openPyramid(source, await source.read(0, HEAD_READ_BYTES))).levels.slice(1);
    const hasCopy = (sf: number, row: number) => (levels[Math.log2(sf)]?.edgeTiles?.byteCounts[row] ?? 0) > 0;
    let count = 0;
    for (const sf of scaleFactors) {
      for (let y = 0; y < info.height; y += th * sf) {
        for (let x = 0; x < info.width; x += tw * sf) {
          const w = Math.min(tw * sf, info.width - x);
          const h = Math.min(th * sf, info.height - y);
          const out = { width: Math.ceil(w / sf), height: Math.ceil(h / sf) };
          const res = await call(env, `${capped}/${x},${y},${w},${h}/${out.width},${out.height}/0/default.jpg`);
          expect(res.status, `${sf}: ${x},${y}`).toBe(200);
          // Stored tiles pass through (bottom edges with their height patched); right-edge tiles are
          // padded in storage: they pass through from their exact-size copy when the file has one.
          const path = out.width < tw && !hasCopy(sf, y / (th * sf)) ? 'transcode' : 'passthrough';
          expect(res.headers.get('Server-Timing'), `${sf}: ${x},${y}`).toMatch(new RegExp(`^${path}`));
          const raster = await decodeImage(new Uint8Array(await res.arrayBuffer()), 'image/jpeg');
          expect({ width: raster.width, height: raster.height }).toEqual(out);
          count++;
        }
      }
    }
    expect(count).toBe(4 + 1);
  });

  it("its tiles are the main service's level-1 tiles: the same stored bytes", async () => {
    const cappedTile = await call(env, `${capped}/0,256,256,94/256,94/0/default.jpg`);
    const mainTile = await call(env, `${main}/0,512,512,188/256,94/0/default.jpg`, { headers: allowedCookie });
    expect(cappedTile.status).toBe(200);
    expect(cappedTile.headers.get('Server-Timing')).toMatch(/^passthrough/);
    expect(new Uint8Array(await cappedTile.arrayBuffer())).toEqual(new Uint8Array(await mainTile.arrayBuffer()));
  });

  it('is the same for everyone, and only as large as the cap', async () => {
    for (const headers of [{}, allowedCookie]) {
      expect((await call(env, `${capped}/full/max/0/default.jpg`, { headers })).status).toBe(200);
      const info = (await (await call(env, `${capped}/info.json`, { headers })).json()) as Info3;
      expect([info.width, info.height]).toEqual([500, 350]);
    }
  });

  it('refuses to upscale past the cap', async () => {
    const res = await call(env, `${capped}/full/^1000,/0/default.jpg`);
    expect(res.status).toBe(403);
  });

  it('does not exist for open images', async () => {
    expect((await call(env, `/iiif/3/${seg(IDS.open)}/capped/info.json`)).status).toBe(404);
  });
});

describe('a changed cap', () => {
  it('never serves capped-service bytes cached under the old cap', async () => {
    const url = `${capped}/0,0,125,87/125,87/0/default.png`;
    const at500 = await call(env, url);
    expect(at500.status).toBe(200);
    // The same configuration with a smaller cap: the capped service becomes level 2 (250×175).
    const collections = JSON.parse(env.COLLECTIONS as string) as { collections: Record<string, { maxSize?: number }> };
    collections.collections['tiered/']!.maxSize = 250;
    const env250: Env = { ...env, COLLECTIONS: JSON.stringify(collections) };
    const at250 = await call(env250, url);
    expect(at250.status).toBe(200);
    expect(at250.headers.get('Server-Timing')).toContain('cache;dur=');
    expect(at250.headers.get('Server-Timing')).not.toContain('desc="hit"');
    expect(at250.headers.get('ETag')).not.toBe(at500.headers.get('ETag'));
    const a = new Uint8Array(await at500.arrayBuffer());
    const b = new Uint8Array(await at250.arrayBuffer());
    expect(b).not.toEqual(a);
  });
});
