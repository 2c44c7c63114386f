/**
 * The IIIF Auth 2.0 probe (§5.2) tells whether the image exists only to whoever may see it: 404 in the
 * body for a missing open image or a missing image an allowed person asks about; the denial for anyone
 * else, exactly as the image request itself would answer (access is decided before any read).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../src/env';
import { accessTeam, accessToken, call, credentials, IDS, PEOPLE, seedAccessImages, seg } from '../helpers/worker-access';

let env: Env;
beforeAll(async () => {
  env = (await accessTeam()).env;
  await seedAccessImages();
});

async function probe(id: string, headers: Record<string, string> = {}) {
  const res = await call(env, `/iiif/3/${seg(id)}/probe`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as { type: string; status: number };
}

describe('probe and missing images', () => {
  it.each([
    ['an open image', IDS.open, 200],
    ['a missing open image', 'open/none', 404],
  ])('%s → status %i', async (_what, id, status) => {
    expect(await probe(id)).toMatchObject({ type: 'AuthProbeResult2', status });
  });

  it('a missing restricted image: 401 to anonymous (no hint it is missing), 404 to an allowed person', async () => {
    expect((await probe('private/none')).status).toBe(401);
    const allowed = credentials('header', await accessToken(PEOPLE.allowed));
    expect((await probe('private/none', allowed)).status).toBe(404);
    expect((await probe(IDS.restricted, allowed)).status).toBe(200);
  });
});
