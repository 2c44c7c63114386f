/**
 * Resident memory of the server's workerd processes (VmRSS in /proc/PID/status, proc(5)): the Worker's
 * runtime and wrangler's proxy, found in the `wrangler dev` process tree (bench/proc.ts). Sampled while a
 * run goes, so each run has a peak and an end value to compare with the next.
 */
import { readFileSync } from 'node:fs';
import { processTree } from '../bench/proc';

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function statusKb(pid: number, key: 'VmRSS' | 'RssAnon' | 'RssFile'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
const rssKb = (pid: number) => statusKb(pid, 'VmRSS');

/**
 * Each workerd process with its resident memory split into anonymous (JS heaps, WASM memories, malloc)
 * and file-backed pages (the binary, and the local R2/Cache store's files as they are read), in MB.
 */
export function workerdBreakdown(root: number, label: (pid: number, name: string) => string): { label: string; anonMb: number; fileMb: number }[] {
  return processTree(root).filter((pid) => comm(pid) === 'workerd').map((pid) => ({
    label: label(pid, 'workerd'),
    anonMb: Math.round(statusKb(pid, 'RssAnon') / 1024),
    fileMb: Math.round(statusKb(pid, 'RssFile') / 1024),
  }));
}

/** Summed VmRSS (MB) of the workerd processes under `root`. */
export function workerdRssMb(root: number): number {
  return processTree(root).filter((pid) => comm(pid) === 'workerd').reduce((s, pid) => s + rssKb(pid), 0) / 1024;
}

/** Samples workerdRssMb every `everyMs` until stopped; returns the peak and the last value. */
export function rssSampler(root: number, everyMs = 500): { stop(): { peakMb: number; endMb: number } } {
  let peak = workerdRssMb(root);
  const timer = setInterval(() => {
    peak = Math.max(peak, workerdRssMb(root));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const end = workerdRssMb(root);
      return { peakMb: Math.max(peak, end), endMb: end };
    },
  };
}
