/**
 * `npm run bundle-size` (part of `npm test`): builds the deployable Worker offline exactly as
 * `wrangler deploy` would upload it (`wrangler deploy --dry-run --outdir <tmp>`: no account, no network),
 * then gzips every uploaded module (the script and its WASM modules; not source maps) and fails when the
 * total passes 3 MiB, the Workers Free plan's limit on a Worker's compressed size (10 MiB on Paid). A
 * dependency that silently grows the bundle then breaks the tests instead of the next deploy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LIMIT_BYTES = 3 * 1024 * 1024;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

function main(): number {
  const out = mkdtempSync(join(tmpdir(), 'iiif-edge-bundle-'));
  try {
    const build = spawnSync(
      process.execPath,
      [join(PROJECT, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', out],
      {
        cwd: PROJECT,
        encoding: 'utf8',
        env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_HIDE_BANNER: 'true', WRANGLER_SEND_METRICS: 'false' },
      },
    );
    if (build.status !== 0) {
      process.stderr.write(`bundle-size: wrangler deploy --dry-run failed (${build.status})\n${build.stdout}${build.stderr}`);
      return 1;
    }
    const modules = files(out).filter((f) => !f.endsWith('.map') && !f.endsWith('README.md'));
    let raw = 0;
    let gzip = 0;
    for (const f of modules) {
      const bytes = readFileSync(f);
      raw += bytes.length;
      gzip += gzipSync(bytes).length;
    }
    const names = modules.map((f) => relative(out, f)).join(', ');
    const verdict = gzip <= LIMIT_BYTES ? 'ok' : 'TOO LARGE';
    process.stdout.write(`bundle-size: ${modules.length} modules (${names}): ${kib(raw)}, gzip ${kib(gzip)} of ${kib(LIMIT_BYTES)}: ${verdict}\n`);
    return gzip <= LIMIT_BYTES ? 0 : 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

process.exit(main());
