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

  /** Adds a step; a step already listed (a retried read, a repeated stage) accumulates, keeping the last desc. */
  add(name: string, dur: number, desc?: string): void {
    const at = this.list.findIndex((e) => e.name === name);
    if (at < 0) {
      this.list.push(desc === undefined ? { name, dur } : { name, dur, desc });
      return;
    }
    const merged = this.list[at]!.dur + dur;
    const lastDesc = desc ?? this.list[at]!.desc;
    this.list[at] = lastDesc === undefined ? { name, dur: merged } : { name, dur: merged, desc: lastDesc };
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
