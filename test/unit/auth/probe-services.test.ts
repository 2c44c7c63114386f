/** Probe results (Auth 2.0 §5.2), the Auth 1.0 info.json status (§3), and the service descriptions. */
import { describe, expect, it } from 'vitest';
import {
  AUTH_IMAGE3_CONTEXT,
  authServices1,
  authServices3,
  corsHeaders,
  corsPreflight,
  decide,
  infoAuthServices,
  infoContext3,
  infoStatus,
  loadAuthConfig,
  manifestAuthServices,
  policyFor,
  probeResult,
} from '../../../src/auth';
import type { Identity } from '../../../src/auth';
import { COLLECTIONS, VIEWER } from './fixtures';

const cfg = loadAuthConfig({ COLLECTIONS, ACCESS_TEAM_DOMAIN: 't.cloudflareaccess.com', ACCESS_AUD: 'a', TOKEN_SECRET: 's'.repeat(32), VIEWER_ORIGINS: VIEWER });
const BASE = 'https://img.example.org';
const allowed: Identity = { email: 'reader@example.org', groups: [], source: 'token' };
const stranger: Identity = { email: 'x@other.net', groups: [], source: 'token' };
const open = policyFor('a', cfg);
const restricted = policyFor('private/a', cfg);
const tiered = policyFor('tiered/a b', cfg);

describe('probeResult', () => {
  it.each([
    ['open, anonymous', open, null, 200],
    ['restricted, anonymous', restricted, null, 401],
    ['restricted, allowed', restricted, allowed, 200],
    ['restricted, stranger', restricted, stranger, 403],
    ['tiered, allowed', tiered, allowed, 200],
    ['tiered, anonymous', tiered, null, 401],
    ['tiered, stranger', tiered, stranger, 403],
  ] as const)('%s → status %i', (_n, policy, identity, status) => {
    const r = probeResult(BASE, 'tiered/a b', policy, identity);
    expect(r).toMatchObject({ '@context': 'http://iiif.io/api/auth/2/context.json', type: 'AuthProbeResult2', status });
    if (status === 200) expect(r).not.toHaveProperty('heading');
    else expect(r.heading?.['en']?.[0]).toBeTruthy();
  });

  it('a tiered denial names the capped tier as substitute; other results have none', () => {
    const r = probeResult(BASE, 'tiered/a b', tiered, null);
    expect(r.substitute).toEqual([
      { id: `${BASE}/iiif/3/tiered%2Fa%20b/capped`, type: 'ImageService3', profile: 'level2', label: { en: ['Up to 1000 pixels'] } },
    ]);
    expect(probeResult(BASE, 'private/a', restricted, null)).not.toHaveProperty('substitute');
    expect(probeResult(BASE, 'tiered/a b', tiered, allowed)).not.toHaveProperty('substitute');
  });
});

describe('infoStatus (Auth 1.0 §3)', () => {
  it.each([
    ['open', decide(open, null), { status: 200 }],
    ['restricted anonymous: 401 with the full body', decide(restricted, null), { status: 401 }],
    ['restricted stranger', decide(restricted, stranger), { status: 403 }],
    ['tiered anonymous: 302 to the lower tier', decide(tiered, null), { status: 302, location: `${BASE}/iiif/2/tiered%2Fa%20b/capped/info.json` }],
    ['tiered allowed', decide(tiered, allowed), { status: 200 }],
  ])('%s', (_n, decision, expected) => {
    expect(infoStatus(decision, BASE, 2, 'tiered/a b')).toEqual(expected);
  });
});

describe('service descriptions', () => {
  it('open images advertise nothing and keep the plain Image 3 context', () => {
    expect(infoAuthServices(3, BASE, 'a', open)).toEqual([]);
    expect(infoAuthServices(2, BASE, 'a', open)).toEqual([]);
    expect(infoContext3(open)).toBe('http://iiif.io/api/image/3/context.json');
  });

  it('3.0: probe → active access service → token + logout, auth context first', () => {
    const [probe] = authServices3(BASE, 'private/a', restricted, 'main', 'Example Archive') as [Record<string, any>];
    expect(infoContext3(restricted)).toEqual(AUTH_IMAGE3_CONTEXT);
    expect(AUTH_IMAGE3_CONTEXT[0]).toBe('http://iiif.io/api/auth/2/context.json');
    expect(probe).toMatchObject({ id: `${BASE}/iiif/3/private%2Fa/probe`, type: 'AuthProbeService2' });
    expect(probe).not.toHaveProperty('@context');
    const access = probe['service'][0];
    expect(access).toMatchObject({ id: `${BASE}/auth/login`, type: 'AuthAccessService2', profile: 'active', label: { en: ['Log in to Example Archive'] } });
    expect(access.heading.en[0]).toBeTruthy();
    expect(access.note.en[0]).toBeTruthy();
    expect(access.confirmLabel.en[0]).toBeTruthy();
    expect(access.service.map((s: { type: string; id: string }) => [s.type, s.id])).toEqual([
      ['AuthAccessTokenService2', `${BASE}/auth/token`],
      ['AuthLogoutService2', `${BASE}/auth/logout`],
    ]);
    expect(access.service[1].label.en[0]).toContain('Example Archive');
  });

  it('the note of a tiered image names the public size; its capped service has no probe', () => {
    const [probe] = authServices3(BASE, 'tiered/a', tiered) as [Record<string, any>];
    expect(probe['service'][0].note.en[0]).toContain('1000 pixels');
    expect(probe['service'][0].label.en[0]).toBe('Log in to img.example.org');
    expect(authServices3(BASE, 'tiered/a', tiered, 'capped')).toEqual([]);
    expect(infoContext3(tiered, 'capped')).toBe('http://iiif.io/api/image/3/context.json');
    // Auth 1.0 clients redirected to the capped tier still find the login there.
    expect(infoAuthServices(3, BASE, 'tiered/a', tiered, 'capped').map((s) => s['@type'])).toEqual(['AuthCookieService1']);
  });

  it('2.1: the Auth 1.0 cookie service with @context, @id and profiles', () => {
    const [svc] = authServices1(BASE, 'private/a', restricted, 2) as [Record<string, any>];
    expect(svc).toMatchObject({
      '@context': 'http://iiif.io/api/auth/1/context.json',
      '@id': `${BASE}/auth/login`,
      profile: 'http://iiif.io/api/auth/1/login',
    });
    expect(svc).not.toHaveProperty('@type');
    expect(typeof svc['label']).toBe('string');
    expect(svc['service']).toEqual([
      { '@id': `${BASE}/auth/token1`, profile: 'http://iiif.io/api/auth/1/token' },
      { '@id': `${BASE}/auth/logout`, profile: 'http://iiif.io/api/auth/1/logout', label: expect.any(String) },
    ]);
  });

  it('3.0 info.json and manifests carry Auth 2.0 and the typed Auth 1.0 services', () => {
    const types = (list: Record<string, unknown>[]) => list.map((s) => s['type'] ?? s['@type']);
    expect(types(infoAuthServices(3, BASE, 'private/a', restricted))).toEqual(['AuthProbeService2', 'AuthCookieService1']);
    expect(types(manifestAuthServices(BASE, 'private/a', restricted))).toEqual(['AuthProbeService2', 'AuthCookieService1']);
    const cookie1 = infoAuthServices(3, BASE, 'private/a', restricted)[1] as Record<string, any>;
    expect(cookie1['service'].map((s: Record<string, string>) => s['@type'])).toEqual(['AuthTokenService1', 'AuthLogoutService1']);
  });
});

describe('corsHeaders', () => {
  const other = 'https://elsewhere.example.com';
  it.each([
    ['open, any origin', other, 'open', { 'Access-Control-Allow-Origin': '*' }, ['Vary', 'Access-Control-Allow-Credentials']],
    ['full, viewer origin', VIEWER, 'full', { 'Access-Control-Allow-Origin': VIEWER, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }, []],
    ['full, other origin', other, 'full', { Vary: 'Origin' }, ['Access-Control-Allow-Origin']],
    ['full, no origin', null, 'full', { Vary: 'Origin' }, ['Access-Control-Allow-Origin']],
    ['capped, viewer origin', VIEWER, 'capped', { 'Access-Control-Allow-Origin': VIEWER, 'Access-Control-Allow-Credentials': 'true' }, []],
    ['capped, other origin', other, 'capped', { 'Access-Control-Allow-Origin': '*', Vary: 'Origin' }, ['Access-Control-Allow-Credentials']],
    ['denied, other origin', other, 'denied', { 'Access-Control-Allow-Origin': '*' }, ['Access-Control-Allow-Credentials']],
    ['probe, viewer origin', VIEWER, 'probe', { 'Access-Control-Allow-Origin': VIEWER, 'Access-Control-Allow-Credentials': 'true' }, []],
  ] as const)('%s', (_n, origin, scope, has, lacks) => {
    const h = corsHeaders(origin, scope, cfg);
    expect(h).toMatchObject(has);
    for (const k of lacks) expect(h).not.toHaveProperty(k);
  });

  it('preflight allows the Authorization header explicitly', () => {
    const h = corsPreflight(VIEWER, cfg);
    expect(h['Access-Control-Allow-Headers']).toContain('Authorization');
    expect(h['Access-Control-Allow-Methods']).toContain('GET');
    expect(h['Access-Control-Allow-Origin']).toBe(VIEWER);
  });
});
