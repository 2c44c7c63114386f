import { describe, expect, it } from 'vitest';
import { cacheControlFor, cappedLevel, cappedServiceDecision, decide, denialError, enforceCap, isAllowed, loadAuthConfig, policyFor, tierOf } from '../../../src/auth';
import type { Identity, Policy } from '../../../src/auth';
import { Forbidden, Unauthorized } from '../../../src/errors';
import { COLLECTIONS } from './fixtures';

const cfg = loadAuthConfig({
  COLLECTIONS,
  ACCESS_TEAM_DOMAIN: 'team.cloudflareaccess.com',
  ACCESS_AUD: 'a',
  TOKEN_SECRET: 's'.repeat(32),
});

const who = (email: string, groups: string[] = []): Identity => ({ email, groups, source: 'access' });

describe('policyFor: longest prefix wins, default covers the rest', () => {
  it.each([
    ['private/a.tif', 'private/'],
    ['private/board/minutes', 'private/board/'],
    ['private/boardroom', 'private/'],
    ['tiered/x', 'tiered/'],
    ['private', 'default'],
    ['Private/a', 'default'],
    ['public/private/a', 'default'],
    ['plain', 'default'],
  ])('%s → %s', (id, collection) => {
    expect(policyFor(id, cfg).collection).toBe(collection);
  });
});

describe('isAllowed', () => {
  const allow = { emails: ['boss@elsewhere.org'], domains: ['example.org'], groups: ['staff'] };
  it.each([
    [who('boss@elsewhere.org'), true],
    [who('BOSS@Elsewhere.org'), true],
    [who('reader@example.org'), true],
    [who('reader@sub.example.org'), false],
    [who('reader@example.org.evil.net'), false],
    [who('x@other.net', ['Staff']), true],
    [who('x@other.net', ['staffing']), false],
    [who('x@other.net'), false],
  ])('%o → %s', (identity, expected) => {
    expect(isAllowed(allow, identity)).toBe(expected);
  });
});

describe('decide: policy × identity', () => {
  const open = policyFor('plain', cfg);
  const restricted = policyFor('private/a', cfg);
  const tiered = policyFor('tiered/a', cfg);
  const allowed = who('reader@example.org');
  const stranger = who('someone@other.net');
  it.each<[string, Policy, Identity | null, unknown]>([
    ['open × anonymous', open, null, { tier: 'open' }],
    ['open × allowed', open, allowed, { tier: 'open' }],
    ['open × stranger', open, stranger, { tier: 'open' }],
    ['restricted × anonymous', restricted, null, { deny: 401 }],
    ['restricted × allowed', restricted, allowed, { tier: 'full' }],
    ['restricted × stranger', restricted, stranger, { deny: 403 }],
    ['tiered × anonymous', tiered, null, { tier: 'capped', maxSize: 1000 }],
    ['tiered × allowed', tiered, allowed, { tier: 'full' }],
    ['tiered × stranger', tiered, stranger, { tier: 'capped', maxSize: 1000 }],
  ])('%s', (_n, policy, identity, expected) => {
    expect(decide(policy, identity)).toMatchObject(expected as object);
  });

  it('gives reasons with denials and maps them to typed errors', () => {
    const anon = decide(restricted, null);
    const denied = decide(restricted, stranger);
    if (!('deny' in anon) || !('deny' in denied)) throw new Error('expected denials');
    expect(anon.reason).toMatch(/sign in/);
    expect(denied.reason).toContain('someone@other.net');
    expect(denialError(anon)).toBeInstanceOf(Unauthorized);
    expect(denialError(denied)).toBeInstanceOf(Forbidden);
    expect(denialError(denied).status).toBe(403);
  });

  it('tiers for cache keys, and cache-control by policy', () => {
    expect(tierOf(decide(open, null))).toBe('open');
    expect(tierOf(decide(tiered, allowed))).toBe('full');
    expect(tierOf(decide(tiered, null))).toBe('capped');
    expect(tierOf(decide(restricted, null))).toBeNull();
    expect(cacheControlFor(open, 86400)).toBe('public, max-age=86400');
    expect(cacheControlFor(restricted, 86400)).toBe('private, no-store');
    expect(cacheControlFor(tiered, 86400)).toBe('private, no-store');
  });

  it('the capped service exists only for tiered collections', () => {
    expect(cappedServiceDecision(tiered)).toEqual({ tier: 'capped', maxSize: 1000 });
    expect(cappedServiceDecision(open)).toBeNull();
    expect(cappedServiceDecision(restricted)).toBeNull();
  });
});

describe('enforceCap: anonymous tiered requests up to maxSize / long side', () => {
  const capped = { tier: 'capped', maxSize: 1000 } as const;
  const image = { width: 8000, height: 4499 }; // scale cap 1000/8000 = 0.125
  const full = { width: 8000, height: 4499 };
  it.each([
    ['full image at 1000 wide', full, { width: 1000, height: 562 }, true],
    ['full image at 1000 wide, height rounded up', full, { width: 1000, height: 563 }, true],
    ['full image at 1001 wide', full, { width: 1001, height: 563 }, false],
    ['full image at max (8000)', full, { width: 8000, height: 4499 }, false],
    ['level-3 tile (2048 px → 256)', { width: 2048, height: 2048 }, { width: 256, height: 256 }, true],
    ['level-2 tile (1024 px → 256)', { width: 1024, height: 1024 }, { width: 256, height: 256 }, false],
    ['edge tile of level 3 (ceil)', { width: 1856, height: 403 }, { width: 232, height: 51 }, true],
    ['full-resolution tile', { width: 256, height: 256 }, { width: 256, height: 256 }, false],
  ])('%s', (_n, region, output, ok) => {
    const d = enforceCap(capped, image, region, output);
    expect('deny' in d).toBe(!ok);
    if ('deny' in d) {
      expect(d.deny).toBe(403);
      expect(d.reason).toMatch(/up to 1000 px/);
    }
  });

  it('leaves other decisions alone, and small images need no cap', () => {
    expect(enforceCap({ tier: 'full' }, image, full, full)).toEqual({ tier: 'full' });
    expect(enforceCap(capped, { width: 900, height: 600 }, { width: 900, height: 600 }, { width: 900, height: 600 })).toBe(capped);
  });
});

describe('cappedLevel: the largest level whose long side ≤ maxSize', () => {
  // 8000×4499 pyramid: levels exactly ceil(W/2^k).
  const levels = [0, 1, 2, 3, 4, 5].map((k) => ({ width: Math.ceil(8000 / 2 ** k), height: Math.ceil(4499 / 2 ** k) }));
  it.each([
    [1000, 3],
    [999, 4],
    [4000, 1],
    [8000, 0],
    [100000, 0],
    [250, 5],
    [10, 5],
  ])('maxSize %i → level %i', (maxSize, level) => {
    expect(cappedLevel(levels, maxSize)).toBe(level);
  });

  it('works on portrait images and refuses an empty pyramid', () => {
    expect(cappedLevel([{ width: 3000, height: 5000 }, { width: 1500, height: 2500 }, { width: 750, height: 1250 }], 2500)).toBe(1);
    expect(() => cappedLevel([], 10)).toThrow(RangeError);
  });
});
