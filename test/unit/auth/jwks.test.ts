/**
 * Remote JWKS: cached in the isolate, refetched on an unknown kid after a cool-down, refreshed when old,
 * resilient to a failed refresh. The fetch and the clock are injected; no network.
 */
import { decodeProtectedHeader, exportJWK } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createRemoteKeySet, identify, loadAuthConfig } from '../../../src/auth';
import { accessToken, AUD, COLLECTIONS, makeTeamKey, NOW, request, SECRET, TEAM, type TeamKey } from './fixtures';

const CERTS = `${TEAM}/cdn-cgi/access/certs`;

/** A JWKS endpoint whose key list the test changes (key rotation), counting requests. */
function fakeCerts() {
  const state = { keys: [] as TeamKey[], status: 200, calls: [] as string[] };
  const fetch = async (url: string): Promise<Response> => {
    state.calls.push(url);
    if (state.status !== 200) return new Response('oops', { status: state.status });
    return Response.json({ keys: state.keys.map((k) => k.publicJwk), public_cert: {}, public_certs: [] });
  };
  return { state, fetch };
}

let k1: TeamKey;
let k2: TeamKey;
beforeAll(async () => {
  k1 = await makeTeamKey('k1');
  k2 = await makeTeamKey('k2');
});

const headerOf = async (key: TeamKey) => decodeProtectedHeader(await accessToken({ key })) as { alg: string; kid: string };

/** The modulus of the public key a resolver returned, to say which team key it is. */
const modulusOf = async (key: CryptoKey): Promise<string | undefined> => (await exportJWK(key)).n;

describe('createRemoteKeySet', () => {
  it('fetches the certs once and serves later lookups from the isolate cache', async () => {
    const { state, fetch } = fakeCerts();
    state.keys = [k1];
    let t = NOW;
    const keys = createRemoteKeySet(CERTS, { fetch, now: () => t });
    await keys(await headerOf(k1));
    t += 60_000;
    await keys(await headerOf(k1));
    expect(state.calls).toEqual([CERTS]);
  });

  it('refetches on an unknown kid (rotation) once the cool-down has passed', async () => {
    const { state, fetch } = fakeCerts();
    state.keys = [k1];
    let t = NOW;
    const keys = createRemoteKeySet(CERTS, { fetch, now: () => t, cooldownMs: 30_000 });
    await keys(await headerOf(k1));
    state.keys = [k2, k1]; // Access rotated: new key first, old key kept
    t += 31_000;
    expect(await modulusOf(await keys(await headerOf(k2)))).toBe(k2.publicJwk.n);
    expect(state.calls).toHaveLength(2);
    // And the old key, still listed, still resolves to itself.
    expect(await modulusOf(await keys(await headerOf(k1)))).toBe(k1.publicJwk.n);
  });

  it('does not refetch for an unknown kid within the cool-down (made-up kids cannot flood Cloudflare)', async () => {
    const { state, fetch } = fakeCerts();
    state.keys = [k1];
    let t = NOW;
    const keys = createRemoteKeySet(CERTS, { fetch, now: () => t, cooldownMs: 30_000 });
    await keys(await headerOf(k1));
    t += 5_000;
    for (let i = 0; i < 20; i++) await expect(keys({ alg: 'RS256', kid: `made-up-${i}` })).rejects.toThrow();
    expect(state.calls).toHaveLength(1);
    t += 30_000;
    await expect(keys({ alg: 'RS256', kid: 'made-up-again' })).rejects.toThrow();
    expect(state.calls).toHaveLength(2);
  });

  it('refreshes keys older than maxAge, and keeps the old keys if the refresh fails', async () => {
    const { state, fetch } = fakeCerts();
    state.keys = [k1];
    let t = NOW;
    const keys = createRemoteKeySet(CERTS, { fetch, now: () => t, maxAgeMs: 600_000, cooldownMs: 30_000 });
    await keys(await headerOf(k1));
    t += 601_000;
    state.status = 503;
    expect(await modulusOf(await keys(await headerOf(k1)))).toBe(k1.publicJwk.n);
    expect(state.calls).toHaveLength(2);
  });

  it('a failed first fetch rejects, and is not retried within the cool-down', async () => {
    const { state, fetch } = fakeCerts();
    state.keys = [k1];
    state.status = 500;
    let t = NOW;
    const keys = createRemoteKeySet(CERTS, { fetch, now: () => t, cooldownMs: 30_000 });
    await expect(keys(await headerOf(k1))).rejects.toThrow(/500/);
    t += 1_000;
    await expect(keys(await headerOf(k1))).rejects.toThrow(/moments ago/);
    expect(state.calls).toHaveLength(1);
    state.status = 200;
    t += 30_000;
    expect(await modulusOf(await keys(await headerOf(k1)))).toBe(k1.publicJwk.n);
    expect(state.calls).toHaveLength(2);
  });

  it('plugs into identify: a rotated key verifies, a remote outage means anonymous', async () => {
    const cfg = loadAuthConfig({ COLLECTIONS, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD, TOKEN_SECRET: SECRET });
    expect(cfg.access?.keys).toEqual({ kind: 'remote', url: CERTS });
    const { state, fetch } = fakeCerts();
    state.keys = [k1];
    let t = NOW;
    const keys = createRemoteKeySet(CERTS, { fetch, now: () => t });
    const hdr = async (k: TeamKey) => ({ 'Cf-Access-Jwt-Assertion': await accessToken({ key: k }) });
    expect((await identify(request('https://x/', await hdr(k1)), cfg, t, keys))?.email).toBe('reader@example.org');
    state.keys = [k2];
    t += 60_000;
    expect((await identify(request('https://x/', await hdr(k2)), cfg, t, keys))?.email).toBe('reader@example.org');
    const outage = createRemoteKeySet(CERTS, { fetch: async () => Promise.reject(new Error('network down')), now: () => t });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await identify(request('https://x/', await hdr(k2)), cfg, t, outage)).toBeNull();
    vi.restoreAllMocks();
  });
});
