/**
 * A frozen copy of the Worker for the benchmark to run. `wrangler dev` watches its sources and rebuilds
 * and restarts the Worker when they change (there is no flag to stop it), which in a working tree that
 * others are editing resets caches and bills rebuilds to the passes. So the benchmark runs wrangler dev
 * from a copy: by default the committed Worker (`git archive HEAD`), with `--worktree` the working tree
 * as it is. node_modules is linked, not copied; the run then is exactly `npm start`'s, from that copy.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** What the Worker's build reads: its sources, the WASM loaders, the config and the asset step. */
const PATHS = ['src', 'wasm', 'migrations', 'wrangler.toml', 'package.json', 'tsconfig.json', 'scripts/viewer-assets.mjs'];

export interface WorkerSnapshot {
  readonly dir: string;
  /** `HEAD <sha>` or `working tree at <sha> (+N changed files under src, wasm)`. */
  readonly describe: string;
}

export function snapshotWorker(project: string, dest: string, source: 'head' | 'worktree'): WorkerSnapshot {
  const git = (...args: string[]) => execFileSync('git', ['-C', project, ...args], { encoding: 'utf8' }).trim();
  const sha = git('rev-parse', '--short', 'HEAD');
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const present = PATHS.filter((p) => existsSync(join(project, p)));
  let describe: string;
  if (source === 'head') {
    const tar = execFileSync('git', ['-C', project, 'archive', '--format=tar', 'HEAD', ...present], { maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dest], { input: tar });
    describe = `HEAD ${sha}`;
  } else {
    for (const p of present) cpSync(join(project, p), join(dest, p), { recursive: true });
    const changed = git('status', '--porcelain', '--', 'src', 'wasm').split('\n').filter(Boolean).length;
    describe = `working tree at ${sha} (+${changed} changed files under src, wasm)`;
  }
  symlinkSync(join(project, 'node_modules'), join(dest, 'node_modules'));
  return { dir: dest, describe };
}
