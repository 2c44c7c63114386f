/**
 * The load test's URLs, made from what the running server says about its images (info.json), so they
 * are what a viewer would ask: every OpenSeadragon tile of the two samples (bench/workloads.ts), their
 * listed sizes, thumbnails over many identifiers, the benchmark's odd regions, info.json, manifests,
 * unknown identifiers, hostile requests, and restricted images with an allowed, a denied or no token.
 */
import { iiifPath, type ImageSize } from '../bench/requests';
import { oddRequests, openSeadragonTiles, type TileInfo } from '../bench/workloads';
import type { Kind, LoadRequest } from './mix';

export interface CatalogueInput {
  /** Deep-zoom images (the samples) by identifier. */
  readonly zoomIds: readonly string[];
  /** Identifiers for thumbnails (many, so most are first requests for their size). */
  readonly thumbIds: readonly string[];
  /** A restricted identifier (a `restricted` collection in COLLECTIONS). */
  readonly restrictedId: string;
  /** Manifest objects (an identifier or a folder). */
  readonly manifests: readonly string[];
  /** Access tokens: one of an allowed person, one of a known person who is not allowed. */
  readonly allowedToken: string;
  readonly deniedToken: string;
  readonly seed: number;
}

interface Info {
  width: number;
  height: number;
  maxArea?: number;
  sizes?: { width: number; height: number }[];
  tiles?: { width: number; height?: number; scaleFactors: number[] }[];
}

const get = (kind: Kind, path: string, headers?: Record<string, string>): LoadRequest => ({ kind, method: 'GET', path, ...(headers ? { headers } : {}) });
const seg = encodeURIComponent;

/** Malformed and refused requests: each a 4xx (mix.ts EXPECTED.hostile). */
export function hostileRequests(id: string): LoadRequest[] {
  const base = `/iiif/3/${seg(id)}`;
  const paths = [
    `${base}/abc/max/0/default.jpg`, `${base}/full/max%0A/0/default.jpg`, `${base}/full/1e3,/0/default.jpg`, `${base}/full/-5,/0/default.jpg`,
    `${base}/pct:101,0,5,5/max/0/default.jpg`, `${base}/full/^99999999,/0/default.jpg`, `${base}/full/max/0/default.gif`,
    `${base}/full/max/45x/default.jpg`, `/iiif/3/..%2Fsecret/info.json`, `/iiif/3/%2e%2e%2F%2e%2e%2Fetc/info.json`, `/iiif/3/%C0%AFchart/info.json`,
    `/iiif/3/chart%00/info.json`, `/iiif/3/%252Fchart/info.json`, `/iiif/3/${'x'.repeat(64 * 1024)}/info.json`,
    `${base}/${'1,'.repeat(20000)}1/max/0/default.jpg`, '/iiif/9/x/info.json', '/no/such/route',
  ];
  return [
    ...paths.map((p) => get('hostile', p)),
    { kind: 'hostile', method: 'PUT', path: `${base}/info.json` },
    { kind: 'hostile', method: 'DELETE', path: `${base}/info.json` },
    { kind: 'hostile', method: 'PATCH', path: `${base}/full/max/0/default.jpg` },
    { kind: 'hostile', method: 'POST', path: `${base}/info.json`, headers: { 'Content-Type': 'text/plain' } },
    { kind: 'hostile', method: 'PROPFIND', path: '/' },
    { kind: 'hostile', method: 'TRACE', path: `${base}/info.json` },
    get('hostile', `${base}/full/max%ZZ/0/default.jpg`, { Range: 'bytes=0-10', 'If-None-Match': '*' }),
    get('hostile', `/iiif/3/missing-${'y'.repeat(600)}/info.json`, { Cookie: `CF_Authorization=${'A'.repeat(16 * 1024)}` }),
  ];
}

/** Builds every kind's list; `fetchInfo` reads an image's info.json from the server. */
export async function buildCatalogue(input: CatalogueInput, fetchInfo: (id: string) => Promise<Info>): Promise<Record<Kind, LoadRequest[]>> {
  const infos = new Map<string, Info>();
  for (const id of input.zoomIds) infos.set(id, await fetchInfo(id));
  const deepzoom: LoadRequest[] = [];
  const sizes: LoadRequest[] = [];
  const images: Record<string, ImageSize> = {};
  let maxArea = Infinity;
  for (const [id, info] of infos) {
    const t = info.tiles?.[0];
    if (!t) throw new Error(`${id}: info.json has no tiles`);
    const tileInfo: TileInfo = { width: info.width, height: info.height, tileWidth: t.width, tileHeight: t.height ?? t.width, scaleFactors: t.scaleFactors, sizes: info.sizes ?? [] };
    for (const r of openSeadragonTiles(id, tileInfo)) deepzoom.push(get('deepzoom', `/iiif/3/${iiifPath(r, id, 3)}`));
    for (const s of info.sizes ?? []) sizes.push(get('sizes', `/iiif/3/${seg(id)}/full/${s.width},${s.height}/0/default.jpg`));
    images[id] = { width: info.width, height: info.height };
    maxArea = Math.min(maxArea, info.maxArea ?? Infinity);
  }
  const odd = oddRequests(images, { count: 300, seed: input.seed, maxSide: 1000, maxArea: Number.isFinite(maxArea) ? maxArea : 1e6, png: true })
    .main.map((r) => get('odd', `/iiif/3/${iiifPath(r, r.image, 3)}`));
  const thumbs = input.thumbIds.flatMap((id) => [
    get('thumbs', `/iiif/3/${seg(id)}/full/!200,200/0/default.jpg`),
    get('thumbs', `/iiif/2/${seg(id)}/full/,150/0/default.jpg`),
  ]);
  const allIds = [...input.zoomIds, ...input.thumbIds];
  const info = allIds.flatMap((id) => [get('info', `/iiif/3/${seg(id)}/info.json`), get('info', `/iiif/2/${seg(id)}/info.json`)]);
  const r = `/iiif/3/${seg(input.restrictedId)}`;
  const restrictedPaths = [`${r}/info.json`, `${r}/full/!200,200/0/default.jpg`, `${r}/0,0,256,256/256,/0/default.jpg`, `${r}/full/max/0/default.webp`];
  const carriers = (token: string): Record<string, string>[] => [{ Cookie: `theme=dark; CF_Authorization=${token}` }, { 'Cf-Access-Jwt-Assertion': token }];
  return {
    deepzoom,
    sizes,
    thumbs,
    odd,
    info,
    manifest: input.manifests.map((m) => get('manifest', `/iiif/manifest/${seg(m)}`)),
    missing: Array.from({ length: 50 }, (_, i) => get('missing', i % 2 ? `/iiif/3/load%2Fmissing-${i}/info.json` : `/iiif/3/load%2Fmissing-${i}/full/max/0/default.jpg`)),
    hostile: hostileRequests(input.zoomIds[0]!),
    'restricted-token': restrictedPaths.flatMap((p) => carriers(input.allowedToken).map((h) => get('restricted-token', p, h))),
    'restricted-anon': restrictedPaths.flatMap((p) => [get('restricted-anon', p), get('restricted-anon', p, { 'Cf-Access-Jwt-Assertion': 'a.b.c' }), get('restricted-anon', p, { Cookie: 'CF_Authorization=' })]),
    'restricted-denied': restrictedPaths.flatMap((p) => carriers(input.deniedToken).map((h) => get('restricted-denied', p, h))),
    // Content Search (issue "Hardening", catalogue and search routes): add `q=` requests here once the route exists.
    search: [],
  };
}
