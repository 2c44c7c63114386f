/**
 * Reads the Worker's Server-Timing header (W3C Server Timing §3: `name;dur=…;desc="…"`, comma
 * separated). Ours puts the path taken first (`passthrough` or `transcode`, no duration), then
 * `r2;dur=…;desc="N reads"`, the pixel steps, and `total` (src/service/timing.ts). Unknown names are
 * kept, so new steps show up in the breakdown without a change here.
 */

export interface ServerTiming {
  /** The first entry's name when it carries no duration: the path the request took. */
  readonly path: string | null;
  /** Durations (ms) by entry name; repeated names add up. */
  readonly durations: Readonly<Record<string, number>>;
  /** R2 range reads the request made (from the `r2` entry's description), or null without one. */
  readonly r2Reads: number | null;
}

interface Metric {
  readonly name: string;
  readonly dur: number | null;
  readonly desc: string | null;
}

/** Splits on commas outside quoted strings. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && quoted && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function metric(text: string): Metric | null {
  const [name, ...params] = splitOutsideQuotes(text, ';').map((p) => p.trim());
  if (!name) return null;
  let dur: number | null = null;
  let desc: string | null = null;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const raw = p.slice(eq + 1).trim();
    const value = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    // §3: only the first occurrence of a parameter counts.
    if (key === 'dur' && dur === null && Number.isFinite(Number(value))) dur = Number(value);
    else if (key === 'desc' && desc === null) desc = value;
  }
  return { name, dur, desc };
}

export function parseServerTiming(header: string | null | undefined): ServerTiming | null {
  if (!header) return null;
  const metrics = splitOutsideQuotes(header, ',').map(metric).filter((m): m is Metric => m !== null);
  if (metrics.length === 0) return null;
  const first = metrics[0]!;
  const path = first.dur === null ? first.name : null;
  const durations: Record<string, number> = {};
  let r2Reads: number | null = null;
  for (const m of metrics) {
    if (m.dur !== null) durations[m.name] = (durations[m.name] ?? 0) + m.dur;
    if (m.name === 'r2') {
      const n = /(\d+)\s*reads?/.exec(m.desc ?? '');
      r2Reads = (r2Reads ?? 0) + (n ? Number(n[1]) : 0);
    }
  }
  return { path, durations, r2Reads };
}
