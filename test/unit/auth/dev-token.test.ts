/**
 * `npm run dev-token` output verifies against the committed development JWKS (the ACCESS_JWKS value in
 * .dev.vars.example), exactly as the local Worker would check it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identify, loadAuthConfig } from '../../../src/auth';
import { makeDevToken, parseArgs, parseLifetime, readDotVars } from '../../../scripts/dev-token';

const ROOT = join(import.meta.dirname, '../../..');
const vars = readDotVars(readFileSync(join(ROOT, '.dev.vars.example'), 'utf8'));
const cfg = loadAuthConfig({ ...vars, COLLECTIONS: '{"collections":{"private/":{"policy":"restricted","allow":{"groups":["staff"]}}}}' });

describe('dev-token', () => {
  it('.dev.vars.example holds a public dev JWKS for the dev team (and loads as a valid config)', () => {
    expect(cfg.access?.keys.kind).toBe('inline');
    expect(cfg.access?.teamDomain).toBe('https://iiif-edge-dev.cloudflareaccess.com');
    expect(vars['ACCESS_JWKS']).not.toMatch(/"d"\s*:/);
  });

  it('makeDevToken verifies with email and groups', async () => {
    const now = Date.now();
    const token = await makeDevToken({ email: 'someone@example.org', groups: ['g1', 'staff'], expires: '10m', teamDomain: vars['ACCESS_TEAM_DOMAIN'] as string, audience: vars['ACCESS_AUD'] as string, now });
    const id = await identify(new Request('http://127.0.0.1:8787/', { headers: { 'Cf-Access-Jwt-Assertion': token } }), cfg, now);
    expect(id).toMatchObject({ email: 'someone@example.org', groups: ['g1', 'staff'], source: 'access' });
    expect(id?.expiresAt).toBe(Math.floor(now / 1000) + 600);
  });

  it('the CLI prints one token on stdout that verifies as a cookie', async () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/dev-token.ts', 'cli@example.org', '--groups', 'staff', '--expires', '1h'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const id = await identify(new Request('http://127.0.0.1:8787/', { headers: { Cookie: `CF_Authorization=${lines[0]}` } }), cfg);
    expect(id?.email).toBe('cli@example.org');
  });

  it.each([
    ['90s', 90],
    ['30m', 1800],
    ['1h', 3600],
    ['2d', 172800],
  ])('lifetime %s = %i s', (text, seconds) => {
    expect(parseLifetime(text)).toBe(seconds);
  });

  it.each([['1x'], ['h'], ['-1h'], ['']])('refuses lifetime "%s"', (text) => {
    expect(() => parseLifetime(text)).toThrow(/--expires/);
  });

  it('parses arguments and refuses unknown options', () => {
    expect(parseArgs(['a@b.org', '--groups', 'x, y', '--expires', '5m'])).toEqual({ email: 'a@b.org', groups: ['x', 'y'], expires: '5m' });
    expect(() => parseArgs([])).toThrow(/usage/);
    expect(() => parseArgs(['a@b.org', '--group', 'x'])).toThrow(/unknown option/);
  });
});
