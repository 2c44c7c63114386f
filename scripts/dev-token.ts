/**
 * Prints a Cloudflare-Access-style JWT signed with the committed development key, so restricted
 * collections can be tried locally with curl and a browser without an Access account:
 *
 *   npm run dev-token -- someone@example.org [--groups staff,partners] [--expires 1h]
 *
 * `iss` and `aud` come from .dev.vars (else .dev.vars.example): ACCESS_TEAM_DOMAIN and ACCESS_AUD, which
 * is what the local Worker checks. Use the token as `Cf-Access-Jwt-Assertion: <token>` or the
 * `CF_Authorization` cookie, or paste it into http://127.0.0.1:8787/auth/login. Development only: the
 * private key is public (scripts/dev-keys/access-dev-private.jwk.json).
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importJWK, SignJWT, type JWK } from 'jose';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEV_PRIVATE_KEY_PATH = join(ROOT, 'scripts/dev-keys/access-dev-private.jwk.json');

export interface DevTokenOptions {
  readonly email: string;
  readonly groups?: readonly string[];
  /** Lifetime like `90s`, `30m`, `1h`, `2d`. */
  readonly expires?: string;
  readonly teamDomain: string;
  readonly audience: string;
  /** Milliseconds since the epoch (tests). */
  readonly now?: number;
}

/** Reads KEY=value lines of a dotenv file (.dev.vars), with optional single or double quotes. */
export function readDotVars(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const v = m[2];
    out[m[1]] = /^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v;
  }
  return out;
}

export function parseLifetime(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) throw new Error(`--expires must look like 90s, 30m, 1h or 2d, got "${text}"`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

export async function makeDevToken(opts: DevTokenOptions): Promise<string> {
  if (!/^[^\s@]+@[^\s@]+$/.test(opts.email)) throw new Error(`not an email address: "${opts.email}"`);
  const jwk = JSON.parse(readFileSync(DEV_PRIVATE_KEY_PATH, 'utf8')) as JWK;
  const key = await importJWK(jwk, 'RS256');
  const iat = Math.floor((opts.now ?? Date.now()) / 1000);
  // The claims Access puts in an application token (email, sub, type, identity_nonce, country); groups
  // as an IdP-provided custom claim, which is where Access passes them.
  return new SignJWT({
    email: opts.email,
    type: 'app',
    identity_nonce: 'dev',
    country: 'XX',
    ...(opts.groups && opts.groups.length > 0 ? { custom: { groups: [...opts.groups] } } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(opts.teamDomain)
    .setAudience([opts.audience])
    .setSubject(`dev-${opts.email}`)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + parseLifetime(opts.expires ?? '1h'))
    .sign(key);
}

function devVars(): Record<string, string> {
  for (const name of ['.dev.vars', '.dev.vars.example']) {
    const path = join(ROOT, name);
    if (existsSync(path)) return readDotVars(readFileSync(path, 'utf8'));
  }
  return {};
}

export function parseArgs(argv: readonly string[]): { email: string; groups: string[]; expires: string } {
  let email: string | undefined;
  let groups: string[] = [];
  let expires = '1h';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--groups') groups = (argv[++i] ?? '').split(',').map((g) => g.trim()).filter(Boolean);
    else if (a === '--expires') expires = argv[++i] ?? '';
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (email === undefined) email = a;
    else throw new Error(`unexpected argument "${a}"`);
  }
  if (email === undefined) {
    throw new Error('usage: npm run dev-token -- someone@example.org [--groups g1,g2] [--expires 1h]');
  }
  return { email, groups, expires };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const vars = devVars();
  const teamDomain = vars['ACCESS_TEAM_DOMAIN'];
  const audience = vars['ACCESS_AUD'];
  if (!teamDomain || !audience) throw new Error('ACCESS_TEAM_DOMAIN and ACCESS_AUD must be set in .dev.vars');
  const token = await makeDevToken({ ...args, teamDomain, audience });
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    `\ndev token for ${args.email} (expires in ${args.expires}). Try:\n` +
      `  curl -H 'Cf-Access-Jwt-Assertion: <token>' http://127.0.0.1:8787/iiif/3/<id>/info.json\n` +
      `or paste it into http://127.0.0.1:8787/auth/login\n`,
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(`dev-token: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
