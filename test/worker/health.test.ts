import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { call } from '../helpers/worker-access';

/** An R2 binding that records and refuses every use: any I/O through it fails the request. */
function refusingBucket(used: string[]): R2Bucket {
  return new Proxy({} as R2Bucket, {
    get(_target, name) {
      used.push(String(name));
      return () => {
        throw new Error(`R2 ${String(name)} called`);
      };
    },
  });
}

describe('health', () => {
  it('answers without I/O: an R2 binding that refuses every call is never touched', async () => {
    const used: string[] = [];
    const noStorage: Env = { ...(env as unknown as Env), IMAGES: refusingBucket(used) };
    const res = await call(noStorage, '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(used).toEqual([]);
    // The same binding does fail a route that reads storage (the check above can see I/O).
    expect((await call(noStorage, '/iiif/3/anything/info.json')).status).toBe(503);
    expect(used.length).toBeGreaterThan(0);
  });

  it('answers 404 with a reason for an unknown route', async () => {
    const res = await exports.default.fetch('http://local/nope');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('no such route');
  });
});
