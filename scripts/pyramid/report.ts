/**
 * What a batch tells its user: on a TTY a one-line progress bar (files, megapixels per second, ETA) with
 * log lines scrolling above it; otherwise plain log lines. The summary table is printed at the end.
 */
import type { InputResult } from './results';

export interface Reporter {
  log(line: string): void;
  /** Called as work progresses; `doneMp` / `totalMp` are megapixels of finished / all inputs. */
  progress(state: { done: number; total: number; doneMp: number; totalMp: number; elapsedS: number }): void;
  finish(results: readonly InputResult[]): void;
}

export interface Output {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): unknown;
}

export function consoleReporter(out: Output): Reporter {
  let bar = '';
  const clear = () => {
    if (bar) out.write('\r\x1b[2K');
  };
  return {
    log(line) {
      clear();
      out.write(`${line}\n`);
      if (bar) out.write(bar);
    },
    progress(s) {
      if (!out.isTTY) return;
      clear();
      bar = progressLine(s, Math.max(20, (out.columns ?? 80) - 60));
      out.write(bar);
    },
    finish(results) {
      clear();
      bar = '';
      out.write(`${summaryTable(results)}\n`);
    },
  };
}

export function progressLine(
  s: { done: number; total: number; doneMp: number; totalMp: number; elapsedS: number },
  width: number,
): string {
  const fraction = s.totalMp > 0 ? s.doneMp / s.totalMp : s.total > 0 ? s.done / s.total : 1;
  const filled = Math.round(Math.min(1, fraction) * width);
  const rate = s.elapsedS > 0 ? s.doneMp / s.elapsedS : 0;
  const eta = rate > 0 ? formatDuration((s.totalMp - s.doneMp) / rate) : '?';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${s.done}/${s.total} files · ${rate.toFixed(1)} MP/s · ETA ${eta}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One row per input: status, identifier, size, levels, bytes, time, and the reason when it failed. */
export function summaryTable(results: readonly InputResult[]): string {
  const rows = results.map((r) => [
    r.status,
    r.key ?? '-',
    r.width ? `${r.width}×${r.height}` : '-',
    r.levels ? String(r.levels) : '-',
    r.bytes ? formatBytes(r.bytes) : '-',
    r.seconds !== undefined ? `${r.seconds.toFixed(1)} s` : '-',
    r.reason ? `${r.input}: ${r.reason}` : r.input,
  ]);
  const head = ['status', 'key', 'size', 'levels', 'bytes', 'time', 'input'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const counts = ['built', 'skipped', 'failed', 'ignored']
    .map((st) => `${results.filter((r) => r.status === st).length} ${st}`)
    .join(', ');
  return [line(head), ...rows.map(line), counts].join('\n');
}

export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}
