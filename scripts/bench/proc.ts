/**
 * What the server processes cost, read from Linux /proc (proc(5)): CPU time as utime + stime of each
 * process (all its threads; fields 14 and 15 of /proc/PID/stat, in clock ticks) and resident memory
 * (VmRSS, VmHWM in /proc/PID/status). For our server that is the whole process tree of `wrangler dev`
 * (its wrapper node process, the CLI node process, workerd…), found by walking parent PIDs.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;

interface Stat {
  readonly pid: number;
  readonly ppid: number;
  readonly name: string;
  readonly cpuMs: number;
}

function readStat(pid: number): Stat | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name is in parentheses and may itself contain spaces or parentheses: split after the last ')'.
    const close = s.lastIndexOf(')');
    const name = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    return { pid, ppid: Number(f[1]), name, cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS };
  } catch {
    return null; // gone
  }
}

/** `root` and all its descendants that are alive now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = readStat(Number(entry));
    if (st) children.set(st.ppid, [...(children.get(st.ppid) ?? []), st.pid]);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Names a process for the breakdown (default: its command name, e.g. `node`, `workerd`). */
export type ProcessLabel = (pid: number, name: string) => string;
const byName: ProcessLabel = (_pid, name) => name;

/** The process's command line, arguments joined by spaces ('' when it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** CPU ms so far, per process, keyed by PID (with the process label for the breakdown). */
export type CpuSnapshot = ReadonlyMap<number, { readonly name: string; readonly cpuMs: number }>;

export function cpuSnapshot(pids: readonly number[], label: ProcessLabel = byName): CpuSnapshot {
  const m = new Map<number, { name: string; cpuMs: number }>();
  for (const pid of pids) {
    const st = readStat(pid);
    if (st) m.set(pid, { name: label(pid, st.name), cpuMs: st.cpuMs });
  }
  return m;
}

/** CPU ms spent between two snapshots, by process name (a process new in `after` counts from zero). */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, a] of after) out[a.name] = (out[a.name] ?? 0) + a.cpuMs - (before.get(pid)?.cpuMs ?? 0);
  return out;
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM' | 'RssAnon'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface MemoryPeaks {
  /** Largest sum of VmRSS over all the processes seen at one sample (MB). */
  readonly totalMb: number;
  /** Largest RssAnon of the processes whose label matches `focus` (MB), e.g. the worker's workerd. */
  readonly focusMb: number;
  /** The focus processes' RssAnon at the first sample (MB): what they held before the pass. */
  readonly focusStartMb: number;
}

/**
 * Samples summed VmRSS every `everyMs` while a pass runs. The process list comes from `pids()`, re-read
 * every second (a tree can gain processes). `focus` picks, by label, the processes reported on their own.
 */
export function memorySampler(pids: () => number[], focus: RegExp | null, label: ProcessLabel = byName, everyMs = 100) {
  let list = pids();
  let listed = Date.now();
  let totalKb = 0;
  let focusKb = 0;
  let focusStartKb = -1;
  const sample = () => {
    if (Date.now() - listed > 1000) {
      list = pids();
      listed = Date.now();
    }
    let sum = 0;
    let f = 0;
    for (const pid of list) {
      sum += statusKb(pid, 'VmRSS');
      // Anonymous memory only for the focus: V8 heaps and WASM memories are anonymous, while the file
      // pages the local R2 store reads through would otherwise count as the isolate's.
      if (focus && focus.test(label(pid, readStat(pid)?.name ?? ''))) f += statusKb(pid, 'RssAnon');
    }
    totalKb = Math.max(totalKb, sum);
    focusKb = Math.max(focusKb, f);
    if (focusStartKb < 0) focusStartKb = f;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop(): MemoryPeaks {
      clearInterval(timer);
      sample();
      return { totalMb: totalKb / 1024, focusMb: focusKb / 1024, focusStartMb: focusStartKb / 1024 };
    },
  };
}
