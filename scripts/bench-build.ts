/**
 * `npm run bench:build`: a benchmark, not a test. Makes a deterministic 400-megapixel master (24000×16667:
 * smooth random colour fields with a tiled fine-grain texture, "photographic-ish"), then builds it with our
 * builder and with `vips tiffsave --tile --pyramid --compression jpeg --Q 85` in the order A, B, B, A,
 * measuring wall time and the peak RSS of each process tree (sampled from /proc every 100 ms).
 * Targets (docs/BUILDER.md): our peak RSS under 2 GB, our wall time within 1.5× of vips.
 * Options: --width N --height N (smaller masters for a quick look), --dir DIR (scratch, default $TMPDIR).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the master as a JPEG (q92) unless it is already there; libvips streams it in bounded memory. */
async function makeMaster(path: string, width: number, height: number): Promise<void> {
  if (existsSync(path)) return;
  const rand = prng(42);
  const bw = Math.ceil(width / 80);
  const bh = Math.ceil(height / 80);
  const base = Buffer.alloc(bw * bh * 3);
  for (let i = 0; i < base.length; i++) base[i] = 40 + Math.floor(rand() * 180);
  const grainSize = 512;
  const grain = Buffer.alloc(grainSize * grainSize);
  for (let i = 0; i < grain.length; i++) grain[i] = 128 + Math.round((rand() + rand() + rand() - 1.5) * 60);
  const texture = await sharp(grain, { raw: { width: grainSize, height: grainSize, channels: 1 } }).blur(0.7).png().toBuffer();
  await sharp(base, { raw: { width: bw, height: bh, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .composite([{ input: texture, tile: true, blend: 'soft-light' }])
    .jpeg({ quality: 92 })
    .toFile(path);
}

/** Sum of VmRSS over a process and its descendants, in bytes. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${name}/status`, 'utf8'));
      rss.set(Number(name), m ? Number(m[1]) * 1024 : 0);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

async function measure(cmd: string, args: string[]): Promise<{ seconds: number; peakRss: number }> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 100);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  clearInterval(timer);
  if (code !== 0) throw new Error(`${cmd} exited ${code}`);
  return { seconds: (performance.now() - t0) / 1000, peakRss: peak };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { width: { type: 'string', default: '24000' }, height: { type: 'string', default: '16667' }, dir: { type: 'string' } } });
  const width = Number(values.width);
  const height = Number(values.height);
  try {
    execFileSync('vips', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('bench:build needs the vips command line: apt-get install libvips-tools');
    process.exit(2);
  }
  const dir = values.dir ?? join(tmpdir(), 'iiif-edge-bench');
  await mkdir(dir, { recursive: true });
  const master = join(dir, `master-${width}x${height}.jpg`);
  console.log(`master ${master} (${((width * height) / 1e6).toFixed(0)} MP) …`);
  const tm = performance.now();
  await makeMaster(master, width, height);
  console.log(`  ready in ${((performance.now() - tm) / 1000).toFixed(1)} s, ${((await stat(master)).size / 1e6).toFixed(0)} MB`);

  const ours = async () => {
    const out = join(dir, 'ours');
    await rm(out, { recursive: true, force: true });
    const r = await measure(process.execPath, ['--import', 'tsx', 'scripts/build-pyramid.ts', master, '--out', out, '--scratch', dir]);
    return { ...r, bytes: (await stat(join(out, `master-${width}x${height}.tif`))).size };
  };
  const vips = async () => {
    const out = join(dir, 'vips.tif');
    await rm(out, { force: true });
    const r = await measure('vips', ['tiffsave', master, out, '--tile', '--pyramid', '--compression', 'jpeg', '--Q', '85', '--tile-width', '256', '--tile-height', '256']);
    return { ...r, bytes: (await stat(out)).size };
  };
  const runs: { name: string; seconds: number; peakRss: number; bytes: number }[] = [];
  for (const [name, fn] of [['ours', ours], ['vips', vips], ['vips', vips], ['ours', ours]] as const) {
    const r = await fn();
    runs.push({ name, ...r });
    console.log(`${name.padEnd(5)} ${r.seconds.toFixed(1).padStart(7)} s  peak RSS ${(r.peakRss / 1e6).toFixed(0).padStart(5)} MB  ${(r.bytes / 1e6).toFixed(1)} MB out`);
  }
  const mean = (n: string, k: 'seconds' | 'peakRss') => {
    const xs = runs.filter((r) => r.name === n).map((r) => r[k]);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const ratio = mean('ours', 'seconds') / mean('vips', 'seconds');
  const peak = Math.max(...runs.filter((r) => r.name === 'ours').map((r) => r.peakRss));
  console.log(`\nours/vips wall time ${ratio.toFixed(2)}× (target ≤ 1.5×): ${ratio <= 1.5 ? 'met' : 'MISSED'}`);
  console.log(`our peak RSS ${(peak / 1e6).toFixed(0)} MB (target < 2000 MB): ${peak < 2e9 ? 'met' : 'MISSED'}`);
  console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 1e9).toFixed(0)} GB, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ` +
    `vips ${execFileSync('vips', ['--version']).toString().trim()}, sharp libvips ${sharp.versions.vips}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
