/**
 * A benchmark request independent of the Image API version and of the server, turned into each server's
 * URL path (Image API 3.0 §4 / 2.1 §4 syntax), with the output size it must have. The same logical
 * request goes to every server, so they all do the same work.
 */

export type Region = 'full' | { readonly x: number; readonly y: number; readonly w: number; readonly h: number }
  | { readonly pct: readonly [number, number, number, number] };

/** `max`; `w,h`; `w,`; `,h`; `!w,h` (best fit); `pct:n`. */
export type Size =
  | { readonly kind: 'max' }
  | { readonly kind: 'wh'; readonly w: number; readonly h: number }
  | { readonly kind: 'w'; readonly w: number }
  | { readonly kind: 'h'; readonly h: number }
  | { readonly kind: 'fit'; readonly w: number; readonly h: number }
  | { readonly kind: 'pct'; readonly n: number };

export interface LogicalRequest {
  /** Logical image identifier (`master`, `copy-page-003`…); each server maps it to its own. */
  readonly image: string;
  readonly region: Region;
  readonly size: Size;
  readonly rotation: 0 | 90;
  readonly quality: 'default' | 'gray';
  readonly format: 'jpg' | 'png';
}

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** The URL path after the service base: `{id}/{region}/{size}/{rotation}/{quality}.{format}`. */
export function iiifPath(r: LogicalRequest, id: string, api: 2 | 3, format: 'jpg' | 'png' = r.format): string {
  const region = r.region === 'full' ? 'full'
    : 'pct' in r.region ? `pct:${r.region.pct.join(',')}`
    : `${r.region.x},${r.region.y},${r.region.w},${r.region.h}`;
  const s = r.size;
  // 3.0 §4.2 dropped `full` for `max`; 2.1 has `full` (and `max` only from 2.1 on, not in IIPImage 1.1).
  const size = s.kind === 'max' ? (api === 3 ? 'max' : 'full')
    : s.kind === 'wh' ? `${s.w},${s.h}`
    : s.kind === 'w' ? `${s.w},`
    : s.kind === 'h' ? `,${s.h}`
    : s.kind === 'fit' ? `!${s.w},${s.h}`
    : `pct:${s.n}`;
  return `${encodeURIComponent(id)}/${region}/${size}/${r.rotation}/${r.quality}.${format}`;
}

export interface Expected {
  readonly width: number;
  readonly height: number;
  /** Pixels either way that still count as right (pct: regions and sizes round twice). */
  readonly tolerance: number;
}

/** The output size a correct server returns (Image API 3.0 §4.1–4.3), before any server cap. */
export function expectedSize(r: LogicalRequest, image: ImageSize): Expected {
  const { width: W, height: H } = image;
  let [rx, ry, rw, rh] = [0, 0, W, H];
  let tolerance = 1;
  if (r.region !== 'full' && 'pct' in r.region) {
    const [px, py, pw, ph] = r.region.pct;
    [rx, ry, rw, rh] = [(px / 100) * W, (py / 100) * H, (pw / 100) * W, (ph / 100) * H];
    tolerance = 2;
  } else if (r.region !== 'full') {
    ({ x: rx, y: ry, w: rw, h: rh } = r.region);
  }
  rw = Math.min(rw, W - rx);
  rh = Math.min(rh, H - ry);
  const s = r.size;
  let [w, h] = [rw, rh];
  if (s.kind === 'wh') [w, h] = [s.w, s.h];
  else if (s.kind === 'w') [w, h] = [s.w, (rh * s.w) / rw];
  else if (s.kind === 'h') [w, h] = [(rw * s.h) / rh, s.h];
  else if (s.kind === 'fit') {
    const k = Math.min(s.w / rw, s.h / rh);
    [w, h] = [rw * k, rh * k];
  } else if (s.kind === 'pct') {
    [w, h] = [(rw * s.n) / 100, (rh * s.n) / 100];
    tolerance = 2;
  }
  [w, h] = [Math.round(w), Math.round(h)];
  return r.rotation === 90 ? { width: h, height: w, tolerance } : { width: w, height: h, tolerance };
}
