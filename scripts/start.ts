/**
 * `npm start`: the local service. Builds the sample images into the local R2 store if they are missing,
 * copies the viewer's assets into public/, then runs `wrangler dev` on 127.0.0.1:${PORT:-8787} (workerd +
 * local R2, no account, no network) and prints where to look once it answers. Quiet and started once:
 * wrangler does not fetch `Request.cf` from workers.cloudflare.com (offline it printed an ENOTFOUND stack
 * trace; a fixed placeholder is used instead), prints no banner and sends no metrics; and wrangler.toml
 * has no [build] command, because wrangler dev re-runs a custom build as soon as its file watcher is
 * ready, which rebuilt and restarted the Worker right after the first start (docs/RELIABILITY.md § Set-up).
 * SIGINT/SIGTERM are passed on to wrangler, whose wrapper stops workerd in turn.
 * Before serving, migrations/ are applied to the local D1 catalogue (docs/CATALOGUE.md), quietly unless
 * something is applied.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { migrateLocalCatalogue } from './catalog/start-migrations';
import { buildSamples, missingSamples, PROJECT, sampleIds } from './samples';

const port = Number(process.env['PORT'] ?? 8787);

/** Environment for a quiet, offline wrangler (the first setting is read by Miniflare). */
const QUIET_WRANGLER = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_SEND_METRICS: 'false',
} as const;

async function waitForHealth(base: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function main(): Promise<void> {
  const missing = await missingSamples();
  if (missing.length > 0) {
    console.log(`building sample images into the local R2 store: ${missing.join(', ')}`);
    if ((await buildSamples()) > 0) console.error('some samples failed to build; starting anyway');
  }
  // The viewer's static files (also copied by npm install's postinstall; again here in case node_modules changed).
  if (spawnSync(process.execPath, [join(PROJECT, 'scripts/viewer-assets.mjs')], { stdio: 'inherit' }).status !== 0) process.exit(1);
  await migrateLocalCatalogue(PROJECT);
  const wrangler = spawn(
    process.execPath,
    [join(PROJECT, 'node_modules/wrangler/bin/wrangler.js'), 'dev', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false'],
    { cwd: PROJECT, stdio: 'inherit', env: { ...process.env, ...QUIET_WRANGLER } },
  );
  const stop = (signal: NodeJS.Signals) => wrangler.kill(signal);
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  wrangler.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  const base = `http://127.0.0.1:${port}`;
  if (await waitForHealth(base, 60_000)) {
    const [chart] = sampleIds();
    console.log(`\n  viewer:    ${base}/viewer/${encodeURIComponent(chart!)}\n  info.json: ${base}/iiif/3/${encodeURIComponent(chart!)}/info.json\n  samples:   ${sampleIds().join(', ')}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
