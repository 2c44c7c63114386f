import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('health', () => {
  it('answers without I/O', async () => {
    const res = await exports.default.fetch('http://local/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 404 with a reason for an unknown route', async () => {
    const res = await exports.default.fetch('http://local/nope');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('no such route');
  });
});
