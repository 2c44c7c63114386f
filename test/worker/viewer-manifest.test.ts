import { exports } from 'cloudflare:workers';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../helpers/worker-fixtures';

beforeAll(async () => {
  await env.IMAGES.put('folio/1r.tif', fixtureBytes('chart'));
  await env.IMAGES.put('folio/1v.tif', fixtureBytes('gray'));
});

describe('/viewer/{id}', () => {
  it.each(['/viewer/folio%2F1r', '/viewer/folio/1r'])('%s points OpenSeadragon at the 3.0 info.json', async (path) => {
    const res = await exports.default.fetch(`http://local${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('"http://local/iiif/3/folio%2F1r/info.json"');
    expect(html).toContain('/viewer-assets/openseadragon/openseadragon.min.js');
  });

  it('uses Image API 2.1 with ?v=2', async () => {
    const html = await (await exports.default.fetch('http://local/viewer/folio%2F1r?v=2')).text();
    expect(html).toContain('"http://local/iiif/2/folio%2F1r/info.json"');
  });

  it.each(['/viewer/', '/viewer/folio//x', '/viewer/folio%2F..%2Fx', '/viewer/%00'])('%s is a 400', async (path) => {
    expect((await exports.default.fetch(`http://local${path}`)).status).toBe(400);
  });

  it('escapes the identifier in the page', async () => {
    const html = await (await exports.default.fetch('http://local/viewer/%3Cscript%3E')).text();
    expect(html).not.toContain('<script>"');
    expect(html).toContain('&#60;script&#62;');
  });
});

describe('/iiif/manifest/{object}', () => {
  it('lists every image of a folder as a canvas, in key order, with its size and service', async () => {
    const res = await exports.default.fetch('http://local/iiif/manifest/folio');
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const doc = (await res.json()) as { id: string; type: string; items: { width: number; height: number; items: { items: { body: { service: { id: string; type: string }[] } }[] }[] }[] };
    expect(doc.type).toBe('Manifest');
    expect(doc.id).toBe('http://local/iiif/manifest/folio');
    expect(doc.items.map((c) => [c.width, c.height])).toEqual([
      [1000, 700],
      [600, 900],
    ]);
    const service = doc.items[1]!.items[0]!.items[0]!.body.service[0]!;
    expect(service).toMatchObject({ id: 'http://local/iiif/3/folio%2F1v', type: 'ImageService3' });
  });

  it('describes a single image when the object is an identifier', async () => {
    const doc = (await (await exports.default.fetch('http://local/iiif/manifest/folio%2F1r')).json()) as { items: unknown[] };
    expect(doc.items).toHaveLength(1);
  });

  it('is a 404 for nothing by that name', async () => {
    const res = await exports.default.fetch('http://local/iiif/manifest/nothing');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('nothing');
  });
});
