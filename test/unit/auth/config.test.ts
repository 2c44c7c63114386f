import { describe, expect, it } from 'vitest';
import { loadAuthConfig, parseCollections } from '../../../src/auth';
import { ConfigError } from '../../../src/config';

const JWKS = JSON.stringify({ keys: [{ kty: 'RSA', n: 'sXch', e: 'AQAB', kid: 'k1', alg: 'RS256' }] });
const GATED = {
  ACCESS_TEAM_DOMAIN: 'https://team.cloudflareaccess.com',
  ACCESS_AUD: 'aud',
  TOKEN_SECRET: 'x'.repeat(32),
};
const restricted = (allow: unknown) => JSON.stringify({ collections: { 'p/': { policy: 'restricted', allow } } });

describe('loadAuthConfig: valid settings', () => {
  it('makes everything open when nothing is configured', () => {
    const cfg = loadAuthConfig({});
    expect(cfg.defaultPolicy).toEqual({ kind: 'open', collection: 'default' });
    expect(cfg.collections).toEqual([]);
    expect(cfg.access).toBeNull();
    expect(cfg.tokenSecret).toBeNull();
  });

  it('parses the issue example, sorted longest prefix first, emails and domains lower-cased', () => {
    const cfg = loadAuthConfig({
      ...GATED,
      COLLECTIONS: JSON.stringify({
        default: 'open',
        collections: {
          'private/': { policy: 'restricted', allow: { emails: ['A@Example.org'], domains: ['Example.org'], groups: ['staff'] } },
          'tiered/': { policy: 'tiered', maxSize: 1000, allow: { domains: ['example.org'] } },
          'private/deep/': { policy: 'open' },
        },
      }),
    });
    expect(cfg.collections.map((p) => p.collection)).toEqual(['private/deep/', 'private/', 'tiered/']);
    expect(cfg.collections[1]).toEqual({
      kind: 'restricted',
      collection: 'private/',
      allow: { emails: ['a@example.org'], domains: ['example.org'], groups: ['staff'] },
    });
    expect(cfg.collections[2]).toMatchObject({ kind: 'tiered', maxSize: 1000 });
  });

  it.each([
    ['https://myteam.cloudflareaccess.com', 'https://myteam.cloudflareaccess.com'],
    ['myteam.cloudflareaccess.com', 'https://myteam.cloudflareaccess.com'],
    ['https://myteam.cloudflareaccess.com/', 'https://myteam.cloudflareaccess.com'],
    ['MyTeam.CloudflareAccess.com', 'https://myteam.cloudflareaccess.com'],
  ])('normalises the team domain %s', (raw, expected) => {
    const cfg = loadAuthConfig({ ACCESS_TEAM_DOMAIN: raw, ACCESS_AUD: 'a' });
    expect(cfg.access?.teamDomain).toBe(expected);
    expect(cfg.access?.keys).toEqual({ kind: 'remote', url: `${expected}/cdn-cgi/access/certs` });
  });

  it('takes an inline JWKS and viewer origins', () => {
    const cfg = loadAuthConfig({ ...GATED, ACCESS_JWKS: JWKS, VIEWER_ORIGINS: 'https://a.org, http://localhost:3000,https://a.org' });
    expect(cfg.access?.keys.kind).toBe('inline');
    expect(cfg.viewerOrigins).toEqual(['https://a.org', 'http://localhost:3000']);
  });

  it.each([
    ['open', { records: 'open' }],
    ['restricted (the default, said explicitly)', {}],
  ])('takes "records":"%s" on a restricted collection', (records, expected) => {
    const cfg = loadAuthConfig({
      ...GATED,
      COLLECTIONS: JSON.stringify({ collections: { 'p/': { policy: 'restricted', allow: { groups: ['g'] }, records: records.split(' ')[0] } } }),
    });
    expect(cfg.collections[0]).toEqual({ kind: 'restricted', collection: 'p/', allow: { emails: [], domains: [], groups: ['g'] }, ...expected });
  });

  it('accepts a default policy that is itself restricted', () => {
    const cfg = loadAuthConfig({ ...GATED, COLLECTIONS: JSON.stringify({ default: { policy: 'restricted', allow: { groups: ['all'] } } }) });
    expect(cfg.defaultPolicy.kind).toBe('restricted');
  });
});

describe('loadAuthConfig: invalid settings stop the Worker with a clear message', () => {
  it.each([
    ['bad JSON', { ...GATED, COLLECTIONS: '{"default":' }, /not valid JSON/],
    ['not an object', { ...GATED, COLLECTIONS: '[1]' }, /must be a JSON object/],
    ['unknown top-level key', { ...GATED, COLLECTIONS: '{"defaults":"open"}' }, /unknown key\(s\) "defaults"/],
    ['unknown policy', { ...GATED, COLLECTIONS: JSON.stringify({ default: 'secret' }) }, /unknown policy "secret"/],
    ['unknown policy key', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 'p/': { policy: 'open', alow: {} } } }) }, /unknown key\(s\) "alow"/],
    ['prefix without slash', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { private: 'open' } }) }, /must end with "\/"/],
    ['prefix with ..', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { '../p/': 'open' } }) }, /empty, "." or ".."/],
    ['prefix with empty segment', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 'a//': 'open' } }) }, /empty/],
    ['restricted with empty allow', { ...GATED, COLLECTIONS: restricted({}) }, /allow is empty/],
    ['restricted without allow', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 'p/': 'restricted' } }) }, /"allow" is required/],
    ['allow with unknown key', { ...GATED, COLLECTIONS: restricted({ users: ['a'] }) }, /unknown key\(s\) "users"/],
    ['allow emails not an array', { ...GATED, COLLECTIONS: restricted({ emails: 'a@b.org' }) }, /must be an array/],
    ['bad email', { ...GATED, COLLECTIONS: restricted({ emails: ['nobody'] }) }, /is not an email/],
    ['domain with @', { ...GATED, COLLECTIONS: restricted({ domains: ['@example.org'] }) }, /not a domain/],
    ['maxSize zero', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 't/': { policy: 'tiered', maxSize: 0, allow: { groups: ['g'] } } } }) }, /positive integer/],
    ['maxSize fractional', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 't/': { policy: 'tiered', maxSize: 10.5, allow: { groups: ['g'] } } } }) }, /positive integer/],
    ['maxSize as string', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 't/': { policy: 'tiered', maxSize: '1000', allow: { groups: ['g'] } } } }) }, /positive integer/],
    ['maxSize on restricted', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 'p/': { policy: 'restricted', maxSize: 5, allow: { groups: ['g'] } } } }) }, /only for tiered/],
    ['records on open', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 'p/': { policy: 'open', records: 'open' } } }) }, /"records" is only for restricted/],
    ['records on tiered', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 't/': { policy: 'tiered', maxSize: 9, records: 'open', allow: { groups: ['g'] } } } }) }, /"records" is only for restricted/],
    ['records neither open nor restricted', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 'p/': { policy: 'restricted', records: 'public', allow: { groups: ['g'] } } } }) }, /records must be "open" or "restricted", got "public"/],
    ['allow on open', { ...GATED, COLLECTIONS: JSON.stringify({ collections: { 'p/': { policy: 'open', allow: { groups: ['g'] } } } }) }, /takes no "allow"/],
    ['restricted without Access', { TOKEN_SECRET: 'x'.repeat(32), COLLECTIONS: restricted({ groups: ['g'] }) }, /ACCESS_TEAM_DOMAIN/],
    ['restricted without TOKEN_SECRET', { ACCESS_TEAM_DOMAIN: 't.cloudflareaccess.com', ACCESS_AUD: 'a', COLLECTIONS: restricted({ groups: ['g'] }) }, /TOKEN_SECRET/],
    ['short TOKEN_SECRET', { ...GATED, TOKEN_SECRET: 'short' }, /at least 32 bytes/],
    ['team domain over http', { ...GATED, ACCESS_TEAM_DOMAIN: 'http://team.cloudflareaccess.com' }, /must be https/],
    ['team domain with a path', { ...GATED, ACCESS_TEAM_DOMAIN: 'https://team.cloudflareaccess.com/cdn-cgi' }, /only a host/],
    ['AUD without team', { ACCESS_AUD: 'a' }, /ACCESS_TEAM_DOMAIN is not/],
    ['team without AUD', { ACCESS_TEAM_DOMAIN: 'team.cloudflareaccess.com' }, /ACCESS_AUD is not/],
    ['JWKS not JSON', { ...GATED, ACCESS_JWKS: 'nope' }, /ACCESS_JWKS is not valid JSON/],
    ['JWKS without keys', { ...GATED, ACCESS_JWKS: '{"keys":[]}' }, /with keys/],
    ['JWKS with an EC key', { ...GATED, ACCESS_JWKS: '{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}' }, /not an RSA public key/],
    ['JWKS with a private key', { ...GATED, ACCESS_JWKS: JSON.stringify({ keys: [{ kty: 'RSA', n: 'a', e: 'AQAB', d: 'secret' }] }) }, /private key material/],
    ['dev key with a real team', { ...GATED, ACCESS_JWKS: JSON.stringify({ keys: [{ kty: 'RSA', n: 'a', e: 'AQAB', kid: 'iiif-edge-dev-1' }] }) }, /development key/],
    ['viewer origin with a path', { VIEWER_ORIGINS: 'https://a.org/viewer' }, /scheme:\/\/host/],
    ['viewer origin wildcard', { VIEWER_ORIGINS: '*' }, /not an origin/],
    ['viewer origin ftp', { VIEWER_ORIGINS: 'ftp://a.org' }, /scheme:\/\/host/],
  ])('%s', (_name, vars, message) => {
    expect(() => loadAuthConfig(vars)).toThrow(ConfigError);
    expect(() => loadAuthConfig(vars)).toThrow(message);
  });

  it('names the variable in the message', () => {
    expect(() => parseCollections('{"default":"closed"}')).toThrow(/^configuration: COLLECTIONS default: unknown policy/);
  });
});
