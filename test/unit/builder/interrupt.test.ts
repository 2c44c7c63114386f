/**
 * Interrupting a batch, for real: the CLI (scripts/build-pyramid.ts) is spawned on four masters and a
 * corrupt one, SIGINT (or SIGTERM) is sent in the middle of the build after the first, and then: no
 * partial output in the --out folder, no scratch folder left, every output present is a complete pyramid.
 * The re-run skips what was finished, builds the rest, reports the corrupt master and exits 1 with all
 * four built. (docs/RELIABILITY.md § Builder interruption)
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;
const MASTERS = ['m1', 'm2', 'm3', 'm4'];

let dir = '';
let masters = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interrupt-test-'));
  masters = join(dir, 'masters');
  await mkdir(masters);
  // Noise compresses badly and encodes slowly: each build takes long enough (~1 s) to be interrupted in.
  for (const name of MASTERS) {
    await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .png({ compressionLevel: 1 })
      .toFile(join(masters, `${name}.png`));
  }
  // A JPEG cut in half: its header reads, its pixels do not.
  const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#884422' } }).jpeg().toBuffer();
  await writeFile(join(masters, 'corrupt.jpg'), jpeg.subarray(0, jpeg.length >> 1));
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const cliArgs = (out: string, scratch: string) => ['--import', 'tsx', join(ROOT, 'scripts/build-pyramid.ts'), masters, '--out', out, '--scratch', scratch, '--concurrency', '1'];

/**
 * Runs the CLI and, once the first output is reported built, sends `signal` in the middle of the next
 * build: as soon as a staged `.partial-…` file appears in --out, or once its scratch folder has existed
 * for 300 ms. Returns which temporaries existed at that moment (so the test knows there was something to
 * clean up).
 */
function interrupted(
  out: string,
  scratch: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string; stderr: string; present: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(out, scratch), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let watching = false;
    let present: string[] = [];
    const watch = async () => {
      let scratchSince: number | null = null;
      const until = Date.now() + 20_000;
      while (Date.now() < until && child.exitCode === null) {
        const staged = (await filesUnder(out)).filter((f) => f.includes('.partial'));
        const building = await filesUnder(scratch);
        if (building.length > 0) scratchSince ??= Date.now();
        if (staged.length > 0 || (scratchSince !== null && Date.now() - scratchSince >= 300)) {
          present = [...staged.map((f) => `out/${f}`), ...building.map((f) => `scratch/${f}`)];
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill(signal);
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!watching && /^built\s+m\d\.tif/m.test(stdout)) {
        watching = true;
        void watch();
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, present }));
  });
}

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.map((e) => join(e.parentPath, e.name).slice(path.length + 1)).sort();
}

/** A complete pyramid: every page decodes, and there are as many pages as levels down to one tile. */
async function expectComplete(file: string): Promise<void> {
  const meta = await sharp(file).metadata();
  expect([meta.width, meta.height, meta.pages], file).toEqual([3000, 2000, 5]);
  for (let page = 0; page < 5; page++) {
    const { info } = await sharp(file, { page }).raw().toBuffer({ resolveWithObject: true });
    expect(info.width, `${file} page ${page}`).toBe(Math.ceil(3000 / 2 ** page));
  }
}

describe.each(['SIGINT', 'SIGTERM'] as const)('build-pyramid interrupted by %s', (signal) => {
  it('leaves only complete outputs and no temporaries; the re-run finishes the rest and reports the corrupt master', async () => {
    const out = join(dir, `out-${signal}`);
    const scratch = join(dir, `scratch-${signal}`);
    await mkdir(scratch);

    const first = await interrupted(out, scratch, signal);
    expect(first.code, first.stderr).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(first.stderr).toMatch(/interrupted .*temporaries removed/);
    expect(first.present.length, 'temporaries existed when the signal was sent').toBeGreaterThan(0);
    const afterStop = await filesUnder(out);
    expect(afterStop.filter((f) => f.includes('.partial')), 'partial files in --out').toEqual([]);
    expect(await filesUnder(scratch), 'scratch folders left').toEqual([]);
    const finished = afterStop.filter((f) => f.endsWith('.tif'));
    expect(finished.length, `built before the signal: ${finished.join(', ')}`).toBeGreaterThanOrEqual(1);
    expect(finished.length, 'the signal came before the batch ended').toBeLessThan(MASTERS.length);
    for (const f of finished) await expectComplete(join(out, f));

    let rerun: { stdout: string; code: number };
    try {
      rerun = { ...(await exec(process.execPath, cliArgs(out, scratch), { cwd: ROOT })), code: 0 };
    } catch (err) {
      rerun = err as { stdout: string; code: number };
    }
    // The corrupt master fails (exit 1); everything else is built or skipped as up to date.
    expect(rerun.code).toBe(1);
    expect(rerun.stdout).toMatch(/FAILED\s+\S*corrupt\.jpg: decoding failed/);
    for (const f of finished) expect(rerun.stdout).toMatch(new RegExp(`skipped ${f} \\(up to date\\)`));
    expect(rerun.stdout).toContain(`${MASTERS.length - finished.length} built, ${finished.length} skipped, 1 failed`);
    const all = await filesUnder(out);
    expect(all).toEqual(MASTERS.map((m) => `${m}.tif`));
    for (const f of all) await expectComplete(join(out, f));
    expect(await filesUnder(scratch)).toEqual([]);
  }, 120_000);
});
