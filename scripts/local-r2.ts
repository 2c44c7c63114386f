/**
 * The local R2 store that `npm start` (wrangler dev) serves: bucket `iiif-images` (binding IMAGES in
 * wrangler.toml) persisted under `.wrangler/state/v3` in the project. Opened through Miniflare the same way
 * `wrangler r2 object put --local` does it (a tiny Worker bound to the bucket, fed by dispatchFetch), so a
 * running `wrangler dev` sees new objects at once, without a restart (both read the same SQLite + blobs).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { Miniflare } from 'miniflare';

/** Must match `bucket_name` of the IMAGES binding in wrangler.toml (a unit test checks it). */
export const LOCAL_BUCKET = 'iiif-images';

/** Wrangler's default persistence root for a project (`--persist-to` default `.wrangler/state`). */
export function localPersistRoot(projectDir: string): string {
  return join(resolve(projectDir), '.wrangler', 'state', 'v3');
}

// PUT streams a body into the bucket; GET returns an object or a byte range of it (X-Range-Length).
const STORE_WORKER = `
export default {
  async fetch(request, env) {
    const key = decodeURIComponent(new URL(request.url).pathname.slice(1));
    if (request.method === 'PUT') {
      const options = JSON.parse(request.headers.get('X-Put-Options') ?? '{}');
      await env.BUCKET.put(key, request.body, options);
      return new Response(null, { status: 204 });
    }
    if (request.method === 'DELETE') {
      await env.BUCKET.delete(key);
      return new Response(null, { status: 204 });
    }
    const length = Number(request.headers.get('X-Range-Length') ?? 0);
    const head = await env.BUCKET.head(key);
    if (!head) return new Response(null, { status: 404 });
    if (request.method === 'HEAD') return new Response(null, { headers: { 'X-Size': String(head.size) } });
    const object = await env.BUCKET.get(key, length > 0 ? { range: { offset: 0, length: Math.min(length, head.size) } } : {});
    return new Response(object.body, { headers: { 'X-Size': String(head.size) } });
  },
};`;

export interface LocalStore {
  /** First `length` bytes of an object, or null when it does not exist. */
  readHead(key: string, length: number): Promise<Uint8Array | null>;
  exists(key: string): Promise<boolean>;
  /** Uploads a file as one atomic put. */
  putFile(key: string, path: string, meta?: Record<string, string>): Promise<void>;
  remove(key: string): Promise<void>;
  close(): Promise<void>;
}

export async function openLocalStore(projectDir: string): Promise<LocalStore> {
  const mf = new Miniflare({
    modules: true,
    script: STORE_WORKER,
    defaultPersistRoot: localPersistRoot(projectDir),
    r2Buckets: { BUCKET: LOCAL_BUCKET },
  });
  await mf.ready;
  const url = (key: string): string => `http://localhost/${encodeURIComponent(key)}`;
  const expectOk = async (res: { ok: boolean; status: number; text(): Promise<string> }, what: string) => {
    if (!res.ok) throw new Error(`local R2 ${what} failed: ${res.status} ${await res.text()}`);
  };
  return {
    async readHead(key, length) {
      const res = await mf.dispatchFetch(url(key), { headers: { 'X-Range-Length': String(length) } });
      if (res.status === 404) return null;
      await expectOk(res, `read of ${key}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async exists(key) {
      const res = await mf.dispatchFetch(url(key), { method: 'HEAD' });
      return res.status === 200;
    },
    async putFile(key, path, meta = {}) {
      const { size } = await stat(path);
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      const options = { httpMetadata: { contentType: 'image/tiff' }, customMetadata: meta };
      const res = await mf.dispatchFetch(url(key), {
        method: 'PUT',
        body,
        duplex: 'half',
        headers: { 'Content-Length': String(size), 'X-Put-Options': JSON.stringify(options) },
      });
      await expectOk(res, `put of ${key}`);
    },
    async remove(key) {
      await expectOk(await mf.dispatchFetch(url(key), { method: 'DELETE' }), `delete of ${key}`);
    },
    close: () => mf.dispose(),
  };
}
