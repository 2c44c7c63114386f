/**
 * Per-request timing for the Server-Timing header (W3C Server Timing). The first entry names the path
 * taken (`passthrough` or `transcode`); then one entry per step. On the edge, clocks only advance across
 * I/O, so CPU-only steps may read 0 there; locally (workerd) they are real.
 */

export interface TimingEntry {
  readonly name: string;
  readonly dur: number;
  readonly desc?: string;
}

export class Timing {
  private readonly started = performance.now();
  private readonly list: TimingEntry[] = [];

  add(name: string, dur: number, desc?: string): void {
    const existing = this.list.findIndex((e) => e.name === name && e.desc === undefined && desc === undefined);
    if (existing >= 0) {
      this.list[existing] = { name, dur: this.list[existing]!.dur + dur };
    } else {
      this.list.push(desc === undefined ? { name, dur } : { name, dur, desc });
    }
  }

  /** Runs fn and adds its duration under `name` (durations of repeated names add up). */
  async measure<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(name, performance.now() - t0);
    }
  }

  entries(): readonly TimingEntry[] {
    return this.list;
  }

  /** `path, first…, step;dur=…, …, total;dur=…` (`first` goes right after the path, e.g. the R2 reads). */
  header(path: string, first: readonly TimingEntry[] = []): string {
    const fmt = (e: TimingEntry) =>
      `${e.name};dur=${e.dur.toFixed(1)}${e.desc === undefined ? '' : `;desc="${e.desc.replace(/"/g, "'")}"`}`;
    const total = performance.now() - this.started;
    return [path, ...first.map(fmt), ...this.list.map(fmt), `total;dur=${total.toFixed(1)}`].join(', ');
  }
}
