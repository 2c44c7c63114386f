/**
 * Client mistakes through the real Worker get the status the grammar decided (Image API 3.0 §7, 2.1 §7:
 * 400 for malformed or impossible requests, 404 for unknown images, 501 for valid but unimplemented
 * features), a text reason naming the bad part, and CORS headers; never a 500. Dangerous identifiers are
 * refused before any R2 read, even when an object with the traversed key exists.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, get, seed } from '../helpers/worker-fixtures';

interface ErrorCase {
  readonly path: string;
  readonly status: number;
  /** A fragment the reason in the body must contain. */
  readonly reason: RegExp;
}

async function expectError({ path, status, reason }: ErrorCase): Promise<void> {
  const res = await get(path);
  const body = await res.text();
  expect(res.status, `${path} → ${res.status}: ${body}`).toBe(status);
  expect(body).toMatch(reason);
  expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/);
  expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
}

beforeAll(async () => {
  await seed('chart');
  // Objects a traversal would reach if an identifier were put into the key template unchecked.
  for (const key of ['../chart.tif', 'a/../chart.tif', './chart.tif', 'a//chart.tif', '/chart.tif', 'a\\chart.tif']) {
    await env.IMAGES.put(key, fixtureBytes('chart'));
  }
});

const image3 = (params: string) => ({ path: `/iiif/3/chart/${params}` });

describe('400: malformed parameters (3.0 §4)', () => {
  it.each<ErrorCase>([
    { ...image3('abc/max/0/default.jpg'), status: 400, reason: /region "abc"/ },
    { ...image3('0,0,10/max/0/default.jpg'), status: 400, reason: /region/ },
    { ...image3('0,0,10,10,10/max/0/default.jpg'), status: 400, reason: /region/ },
    { ...image3('-1,0,10,10/max/0/default.jpg'), status: 400, reason: /region/ },
    { ...image3('0,0,10.5,10/max/0/default.jpg'), status: 400, reason: /region/ },
    { ...image3('pct:a,0,10,10/max/0/default.jpg'), status: 400, reason: /region/ },
    { ...image3('pct:-5,0,10,10/max/0/default.jpg'), status: 400, reason: /region/ },
    { ...image3('full/abc/0/default.jpg'), status: 400, reason: /size "abc"/ },
    { ...image3('full/1,2,3/0/default.jpg'), status: 400, reason: /size/ },
    { ...image3('full/,/0/default.jpg'), status: 400, reason: /size/ },
    { ...image3('full/!100,/0/default.jpg'), status: 400, reason: /size/ },
    { ...image3('full/-100,/0/default.jpg'), status: 400, reason: /size/ },
    { ...image3('full/pct:/0/default.jpg'), status: 400, reason: /size/ },
    { ...image3('full/^^100,/0/default.jpg'), status: 400, reason: /size/ },
    // 3.0 removed `full` as a size (use max).
    { ...image3('full/full/0/default.jpg'), status: 400, reason: /size "full"/ },
    { ...image3('full/max/abc/default.jpg'), status: 400, reason: /rotation/ },
    { ...image3('full/max/-90/default.jpg'), status: 400, reason: /rotation/ },
    { ...image3('full/max/!!90/default.jpg'), status: 400, reason: /rotation/ },
    { ...image3('full/max/361/default.jpg'), status: 400, reason: /rotation "361"/ },
    { ...image3('full/max/0/grey.jpg'), status: 400, reason: /quality "grey"/ },
    { ...image3('full/max/0/best.jpg'), status: 400, reason: /quality/ },
    { ...image3('full/max/0/default'), status: 400, reason: /quality\/format/ },
    { ...image3('full/max/0/default.'), status: 400, reason: /quality\/format/ },
    { ...image3('full/max/0/default.tif'), status: 400, reason: /format "tif"/ },
    { ...image3('full/max/0/default.gif'), status: 400, reason: /format "gif"/ },
    { ...image3('full/max/0/default.bmp'), status: 400, reason: /format "bmp"/ },
    { ...image3('full/max/0/default.JPG'), status: 400, reason: /format "JPG"/ },
    { ...image3('full/max/0'), status: 400, reason: /expected/ },
    { ...image3('full/max/0/default.jpg/extra'), status: 400, reason: /expected/ },
    { ...image3('full/max%ZZ/0/default.jpg'), status: 400, reason: /percent-encoding/ },
  ])('$path', expectError);
});

describe('400: well-formed but impossible on this image (1000×700) or above the limits', () => {
  it.each<ErrorCase>([
    { ...image3('1000,0,10,10/max/0/default.jpg'), status: 400, reason: /outside/ },
    { ...image3('0,700,10,10/max/0/default.jpg'), status: 400, reason: /outside/ },
    { ...image3('5000,5000,10,10/max/0/default.jpg'), status: 400, reason: /outside/ },
    { ...image3('pct:100,0,10,10/max/0/default.jpg'), status: 400, reason: /outside/ },
    { ...image3('0,0,0,10/max/0/default.jpg'), status: 400, reason: /zero width/ },
    { ...image3('0,0,10,0/max/0/default.jpg'), status: 400, reason: /zero/ },
    { ...image3('pct:0,0,0,10/max/0/default.jpg'), status: 400, reason: /zero/ },
    { ...image3('full/0,/0/default.jpg'), status: 400, reason: /at least 1 px/ },
    { ...image3('full/,0/0/default.jpg'), status: 400, reason: /at least 1 px/ },
    { ...image3('full/0,0/0/default.jpg'), status: 400, reason: /at least 1 px/ },
    { ...image3('full/pct:0/0/default.jpg'), status: 400, reason: /at least 1 px/ },
    // 0.01 % of 700 rounds to 0 px.
    { ...image3('full/pct:0.01/0/default.jpg'), status: 400, reason: /at least 1 px/ },
    { ...image3('full/!0,0/0/default.jpg'), status: 400, reason: /size/ },
    // 3.0 §4.2: no upscaling without ^.
    { ...image3('full/1001,/0/default.jpg'), status: 400, reason: /prefix it with \^/ },
    { ...image3('full/,701/0/default.jpg'), status: 400, reason: /prefix it with \^/ },
    { ...image3('full/pct:101/0/default.jpg'), status: 400, reason: /prefix it with \^/ },
    { ...image3('0,0,100,100/200,100/0/default.jpg'), status: 400, reason: /prefix it with \^/ },
    { ...image3('0,0,100,100/101,101/0/default.jpg'), status: 400, reason: /upscale/ },
    // Above maxWidth / maxArea even with ^.
    { ...image3('0,0,100,100/^2049,/0/default.jpg'), status: 400, reason: /limits/ },
    { ...image3('0,0,100,100/^1000,1000/0/default.jpg'), status: 400, reason: /limits/ },
    { ...image3('full/^pct:300/0/default.jpg'), status: 400, reason: /limits/ },
    { path: '/iiif/2/chart/full/^500,/0/default.jpg', status: 400, reason: /3\.0 syntax/ },
    { path: '/iiif/2/chart/full/3000,/0/default.jpg', status: 400, reason: /limits/ },
  ])('$path', expectError);
});

describe('501: valid requests for what is not implemented', () => {
  it.each<ErrorCase>([
    { ...image3('full/max/45/default.jpg'), status: 400, reason: /rotation by 45/ },
    { ...image3('full/max/!22.5/default.jpg'), status: 400, reason: /rotation/ },
    { path: '/iiif/2/chart/full/max/359.9/default.jpg', status: 400, reason: /rotation/ },
  ])('$path', expectError);
});

describe('404: unknown images and routes', () => {
  it.each<ErrorCase>([
    { path: '/iiif/3/nope/info.json', status: 404, reason: /no image/ },
    { path: '/iiif/3/nope/full/max/0/default.jpg', status: 404, reason: /no image/ },
    { path: '/iiif/2/nope/info.json', status: 404, reason: /no image/ },
    { path: '/iiif/3/folder%2Fnope/info.json', status: 404, reason: /no image/ },
    { path: '/iiif/4/chart/info.json', status: 404, reason: /version/ },
    { path: '/iiif/3/chart/info.xml', status: 400, reason: /expected/ },
  ])('$path', expectError);
});

describe('400: identifiers that could escape the key template, refused before any read', () => {
  it.each<ErrorCase>([
    { path: '/iiif/3/..%2Fchart/info.json', status: 400, reason: /"\.\." segments/ },
    { path: '/iiif/3/%2E%2E%2Fchart/info.json', status: 400, reason: /"\.\." segments/ },
    { path: '/iiif/3/a%2F..%2Fchart/info.json', status: 400, reason: /"\.\." segments/ },
    { path: '/iiif/3/.%2Fchart/info.json', status: 400, reason: /"\." segments/ },
    { path: '/iiif/3/a%2F%2Fchart/info.json', status: 400, reason: /empty folder segment/ },
    { path: '/iiif/3/%2Fchart/info.json', status: 400, reason: /empty folder segment/ },
    { path: '/iiif/3/a%5Cchart/info.json', status: 400, reason: /backslash/ },
    { path: '/iiif/3/..%2Fchart/full/max/0/default.jpg', status: 400, reason: /segments/ },
    { path: '/iiif/2/..%2Fchart/info.json', status: 400, reason: /segments/ },
    { path: '/iiif/3/%00/info.json', status: 400, reason: /control character/ },
    { path: '/iiif/3/chart%00/info.json', status: 400, reason: /control character/ },
    { path: '/iiif/3/chart%0A/info.json', status: 400, reason: /control character/ },
    { path: '/iiif/3/chart%7F/info.json', status: 400, reason: /control character/ },
    { path: '/iiif/3/%FF/info.json', status: 400, reason: /invalid UTF-8/ },
    { path: '/iiif/3/%C0%AF/info.json', status: 400, reason: /invalid UTF-8/ },
    { path: '/iiif/3/%E0%A4%A/info.json', status: 400, reason: /malformed percent-encoding/ },
    { path: `/iiif/3/${'x'.repeat(513)}/info.json`, status: 400, reason: /longer than 512 bytes/ },
    // 171 three-byte characters are 513 bytes of UTF-8 in 171 characters.
    { path: `/iiif/3/${'%E2%82%AC'.repeat(171)}/info.json`, status: 400, reason: /longer than 512 bytes/ },
    { path: '/iiif/3//info.json', status: 400, reason: /identifier/ },
  ])('$path', expectError);

  it('accepts the longest allowed identifier (512 bytes) as a plain 404', async () => {
    const res = await get(`/iiif/3/${'x'.repeat(512)}/info.json`);
    expect(res.status).toBe(404);
  });
});

describe('never a 500 for a client mistake', () => {
  // A spread of garbage, each only required to be a 4xx with CORS.
  const garbage = [
    '/iiif/3/chart/%20/max/0/default.jpg',
    '/iiif/3/chart/full/max/0/.jpg',
    '/iiif/3/chart/full/max/0/default.jpg.jpg',
    '/iiif/3/chart/full/9999999999999999999999,/0/default.jpg',
    '/iiif/3/chart/99999999999999999999,0,1,1/max/0/default.jpg',
    '/iiif/3/chart/pct:1e3,0,10,10/max/0/default.jpg',
    '/iiif/3/chart/full/max/1e2/default.jpg',
    '/iiif/3/chart/full/max/NaN/default.jpg',
    '/iiif/3/chart/full/max/Infinity/default.jpg',
    '/iiif/3/chart/full/pct:99999999999999999999999/0/default.jpg',
    '/iiif/3/chart/full/^pct:1e400/0/default.jpg',
    '/iiif/3/chart/square/^99999,99999/0/default.jpg',
    '/iiif/3/chart/full/max/%/default.jpg',
    '/iiif/3/chart%/info.json',
    '/iiif/3/%F0%9F/info.json',
    '/iiif/',
    '/iiif',
    '/iiif/3',
    '/iiif/3/',
  ];
  it.each(garbage)('%s', async (path) => {
    const res = await get(path);
    expect(res.status, `${path}: ${res.status} ${await res.clone().text()}`).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });
});
