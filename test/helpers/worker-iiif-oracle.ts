/**
 * What a correct Image API server may answer to a generated request, computed from the spec text alone
 * (Image API 3.0 §4.1–4.3 and §5.3, 2.1 §4.1–4.3 and §5.3), for the property tests of hostile requests.
 * It deliberately shares nothing with src/iiif: it works from the structured meaning the generator gave
 * each token, not from the URL text, and in real numbers rather than in the service's integer steps.
 *
 * Where the spec leaves a choice to the server, every choice it allows is accepted:
 * - a side the server has to compute (the height for `w,`, both sides for `pct:n`, `max`, `!w,h`, a
 *   region in percent) may be rounded either way: the exact real value's floor or ceiling. Sides the
 *   client names (`w,h`, the `w` of `w,`) must be exact;
 * - a value on the edge of a rule because of that rounding (a region under one pixel, a size that rounds
 *   to zero, a computed side just above a limit) may be served or refused;
 * - lexical forms the grammar is unclear about (a leading zero, `.5`, `1.`) may be read or refused;
 * - 2.1 `full` on a region above the limits may be refused or served at the largest allowed size;
 * - 2.1 `!w,h` may or may not scale up (2.1 has no `^` and only says "best fit");
 * - a valid rotation that is not a multiple of 90° may be refused with 400 (3.0 §4.3 "unsupported SHOULD
 *   result in a 400") or 501 (3.0 §7: a valid request that is not implemented);
 * - a quality or format the info.json does not list may be served or refused (3.0 §4.4–4.5).
 */

export type ApiVersion = 2 | 3;

/** How sure the grammar is about a token: `plain` is valid, `lenient` either, `malformed` invalid. */
export type Form = 'plain' | 'lenient' | 'malformed';

/** A number as it appears in the URL, with the value a reader that accepts it must give it. */
export interface NumToken {
  readonly text: string;
  readonly value: number;
  readonly form: Form;
}

export type RegionMeaning =
  | { readonly kind: 'full' | 'square' }
  | { readonly kind: 'pixels' | 'percent'; readonly x: NumToken; readonly y: NumToken; readonly w: NumToken; readonly h: NumToken }
  | { readonly kind: 'junk'; readonly text: string };

export type SizeMeaning =
  | { readonly kind: 'max' | 'full'; readonly up: boolean }
  | { readonly kind: 'w'; readonly w: NumToken; readonly up: boolean }
  | { readonly kind: 'h'; readonly h: NumToken; readonly up: boolean }
  | { readonly kind: 'pct'; readonly n: NumToken; readonly up: boolean }
  | { readonly kind: 'wh' | 'fit'; readonly w: NumToken; readonly h: NumToken; readonly up: boolean }
  | { readonly kind: 'junk'; readonly text: string };

export type RotationMeaning = { readonly kind: 'turn'; readonly mirror: boolean; readonly degrees: NumToken } | { readonly kind: 'junk'; readonly text: string };

export interface ImageRequestMeaning {
  readonly region: RegionMeaning;
  readonly size: SizeMeaning;
  readonly rotation: RotationMeaning;
  readonly quality: string;
  readonly format: string;
}

export interface Limits {
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly maxArea: number;
}

/** What the image's info.json declares. */
export interface ImageFacts {
  readonly width: number;
  readonly height: number;
  readonly limits: Limits;
  /** Qualities and formats the service must produce (3.0 `default` plus extraQualities; jpg plus extraFormats). */
  readonly qualities: readonly string[];
  readonly formats: readonly string[];
}

/** Inclusive integer range. */
export interface Span {
  readonly lo: number;
  readonly hi: number;
}

export interface Allowed {
  /** Output sizes a 200 may have (after rotation); empty when no image may be returned. */
  readonly images: readonly { readonly width: Span; readonly height: Span }[];
  /** Whether a 4xx refusal is allowed. */
  readonly refusal: boolean;
  /** Whether 501 Not Implemented is allowed (valid rotations that are not multiples of 90°). */
  readonly notImplemented: boolean;
  /** Why, for failure messages. */
  readonly notes: readonly string[];
}

const SPEC_QUALITIES = ['default', 'color', 'gray', 'bitonal'];
const SPEC_FORMATS = ['jpg', 'tif', 'png', 'gif', 'jp2', 'pdf', 'webp'];

/** Real value → the integers a server may round it to. */
const around = (v: number): Span => ({ lo: Math.floor(v), hi: Math.ceil(v) });

class Judge {
  refusal = false;
  mustRefuse = false;
  notImplemented = false;
  readonly notes: string[] = [];
  must(why: string): void {
    this.mustRefuse = true;
    this.refusal = true;
    this.notes.push(`refuse: ${why}`);
  }
  may(why: string): void {
    this.refusal = true;
    this.notes.push(`may refuse: ${why}`);
  }
  token(t: NumToken, what: string): void {
    if (t.form === 'malformed') this.must(`${what} "${t.text}" is malformed`);
    else if (t.form === 'lenient') this.may(`${what} "${t.text}" is an unusual spelling`);
  }
}

/** The region's integer width and height a server may use (3.0 §4.1, 2.1 §4.1), or null when there is none. */
function regionSpan(j: Judge, r: RegionMeaning, W: number, H: number): { w: Span; h: Span } | null {
  switch (r.kind) {
    case 'junk':
      j.must(`region "${r.text}" is not in the grammar`);
      return null;
    case 'full':
      return { w: { lo: W, hi: W }, h: { lo: H, hi: H } };
    case 'square': {
      // "A square region where the width and height are equal to the shorter dimension of the image."
      const s = Math.min(W, H);
      return { w: { lo: s, hi: s }, h: { lo: s, hi: s } };
    }
    case 'pixels': {
      for (const [k, t] of Object.entries({ x: r.x, y: r.y, w: r.w, h: r.h })) j.token(t, `region ${k}`);
      // "If the request specifies a region which extends beyond the dimensions … the image should be cropped
      // at the image's edge … zero width or height, or entirely outside … SHOULD return 400."
      if (r.w.value === 0 || r.h.value === 0) j.must('region has zero width or height');
      if (r.x.value >= W || r.y.value >= H) j.must('region lies outside the image');
      if (j.mustRefuse) return null;
      const w = Math.min(r.x.value + r.w.value, W) - r.x.value;
      const h = Math.min(r.y.value + r.h.value, H) - r.y.value;
      return { w: { lo: w, hi: w }, h: { lo: h, hi: h } };
    }
    case 'percent': {
      for (const [k, t] of Object.entries({ x: r.x, y: r.y, w: r.w, h: r.h })) j.token(t, `region pct ${k}`);
      if (r.w.value === 0 || r.h.value === 0) j.must('region has zero width or height');
      if (r.x.value >= 100 || r.y.value >= 100) j.must('region lies outside the image');
      if (j.mustRefuse) return null;
      // Each edge in real pixels, cropped at the image; the server may round each edge either way.
      const side = (p: number, extent: number, full: number): Span => {
        const a = (p * full) / 100;
        const b = (Math.min(p + extent, 100) * full) / 100;
        return { lo: Math.max(0, Math.floor(b) - Math.ceil(a)), hi: Math.min(full, Math.ceil(b) - Math.floor(a)) };
      };
      const w = side(r.x.value, r.w.value, W);
      const h = side(r.y.value, r.h.value, H);
      if (w.hi < 1 || h.hi < 1) {
        j.must('region rounds to less than one pixel');
        return null;
      }
      if (w.lo < 1 || h.lo < 1 || Math.ceil((r.x.value * W) / 100) >= W || Math.ceil((r.y.value * H) / 100) >= H) {
        j.may('region may round to nothing or off the image');
      }
      return { w: { lo: Math.max(1, w.lo), hi: w.hi }, h: { lo: Math.max(1, h.lo), hi: h.hi } };
    }
  }
}

/** Output width and height (real) for one integer region size, or a reason it must be refused. */
type Scaled = { w: number; h: number; wExact: boolean; hExact: boolean } | { refuse: string } | { either: Scaled[] };

function bestFitScale(rw: number, rh: number, L: Limits, boxW: number, boxH: number, up: boolean): number {
  return Math.min(up ? Infinity : 1, boxW / rw, boxH / rh, L.maxWidth / rw, L.maxHeight / rh, Math.sqrt(L.maxArea / (rw * rh)));
}

function scaled(v: ApiVersion, s: Exclude<SizeMeaning, { kind: 'junk' }>, rw: number, rh: number, L: Limits): Scaled {
  // 3.0 §4.2: without ^ the result may not be larger than the region; 2.1 has no ^ and allows it (sizeAboveFull).
  const noUp = v === 3 && !s.up;
  switch (s.kind) {
    case 'full': {
      // 2.1 §4.2 "not scaled"; above the limits it cannot be served as such.
      const fits = rw <= L.maxWidth && rh <= L.maxHeight && rw * rh <= L.maxArea;
      if (fits) return { w: rw, h: rh, wExact: true, hExact: true };
      const k = bestFitScale(rw, rh, L, Infinity, Infinity, false);
      return { either: [{ refuse: '2.1 full above the limits' }, { w: rw * k, h: rh * k, wExact: false, hExact: false }] };
    }
    case 'max': {
      // "as large as possible but not larger than the extracted region [3.0 without ^] … or server-imposed limits".
      const k = bestFitScale(rw, rh, L, Infinity, Infinity, !noUp && v === 3);
      return { w: rw * k, h: rh * k, wExact: k === 1, hExact: k === 1 };
    }
    case 'w':
      if (noUp && s.w.value > rw) return { refuse: 'w, larger than the region without ^' };
      return { w: s.w.value, h: (rh * s.w.value) / rw, wExact: true, hExact: false };
    case 'h':
      if (noUp && s.h.value > rh) return { refuse: ',h larger than the region without ^' };
      return { w: (rw * s.h.value) / rh, h: s.h.value, wExact: false, hExact: true };
    case 'pct':
      if (noUp && s.n.value > 100) return { refuse: 'pct:n above 100 without ^' };
      return { w: (rw * s.n.value) / 100, h: (rh * s.n.value) / 100, wExact: false, hExact: false };
    case 'wh':
      if (noUp && (s.w.value > rw || s.h.value > rh)) return { refuse: 'w,h larger than the region without ^' };
      return { w: s.w.value, h: s.h.value, wExact: true, hExact: true };
    case 'fit': {
      if (s.w.value === 0 || s.h.value === 0) return { refuse: '!w,h with a zero side' };
      if (v === 2) {
        // 2.1 "best fit … less than or equal to the requested width and height": with or without scaling up.
        const a = bestFitScale(rw, rh, L, s.w.value, s.h.value, false);
        const b = bestFitScale(rw, rh, L, s.w.value, s.h.value, true);
        return { either: [{ w: rw * a, h: rh * a, wExact: false, hExact: false }, { w: rw * b, h: rh * b, wExact: false, hExact: false }] };
      }
      const k = bestFitScale(rw, rh, L, s.w.value, s.h.value, s.up);
      return { w: rw * k, h: rh * k, wExact: false, hExact: false };
    }
  }
}

interface Outcome {
  readonly width: Span;
  readonly height: Span;
}

/** Folds one Scaled into outcomes, judging zero sizes and the limits ("MUST NOT be … greater than the server-imposed limits"). */
function outcomes(j: Judge, sc: Scaled, L: Limits, out: Outcome[], certain: boolean): void {
  if ('either' in sc) {
    for (const e of sc.either) outcomes(j, e, L, out, false);
    return;
  }
  if ('refuse' in sc) {
    if (certain) j.must(sc.refuse);
    else j.may(sc.refuse);
    return;
  }
  const w = sc.wExact ? { lo: sc.w, hi: sc.w } : around(sc.w);
  const h = sc.hExact ? { lo: sc.h, hi: sc.h } : around(sc.h);
  // "The pixel dimensions of the scaled region MUST NOT be less than 1 pixel."
  if (w.hi < 1 || h.hi < 1) {
    if (certain) j.must('size is under one pixel');
    else j.may('size is under one pixel');
    return;
  }
  if (w.lo < 1 || h.lo < 1) j.may('size may round to zero');
  const over = w.lo > L.maxWidth || h.lo > L.maxHeight || w.lo * h.lo > L.maxArea;
  const maybeOver = w.hi > L.maxWidth || h.hi > L.maxHeight || w.hi * h.hi > L.maxArea;
  if (over) {
    if (certain) j.must('size above the limits');
    else j.may('size above the limits');
    return;
  }
  if (maybeOver) j.may('size may round above the limits');
  out.push({ width: { lo: Math.max(1, w.lo), hi: w.hi }, height: { lo: Math.max(1, h.lo), hi: h.hi } });
}

const union = (a: Span, b: Span): Span => ({ lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) });

/** Everything a correct server may answer to `req` on this image (see the header for the latitude it gets). */
export function allowedAnswers(v: ApiVersion, req: ImageRequestMeaning, img: ImageFacts): Allowed {
  const j = new Judge();
  const L = img.limits;
  const region = regionSpan(j, req.region, img.width, img.height);

  const s = req.size;
  if (s.kind === 'junk') j.must(`size "${s.text}" is not in the grammar`);
  else {
    if (v === 3 && s.kind === 'full') j.must('3.0 has no size "full"');
    if (v === 2 && s.up) j.must('2.1 has no ^');
    for (const t of 'n' in s ? [s.n] : 'w' in s && 'h' in s ? [s.w, s.h] : 'w' in s ? [s.w] : 'h' in s ? [s.h] : []) j.token(t, 'size');
  }

  let quarter = false;
  const r = req.rotation;
  if (r.kind === 'junk') j.must(`rotation "${r.text}" is not in the grammar`);
  else {
    j.token(r.degrees, 'rotation');
    // §4.3: "floating point number between 0 and 360"; out of range SHOULD be 400.
    if (r.degrees.value > 360) j.must('rotation above 360');
    else if (r.degrees.value % 90 !== 0) {
      j.notImplemented = true;
      j.may('rotation by other than a multiple of 90° (§4.3 unsupported)');
    } else quarter = r.degrees.value % 180 === 90;
  }

  if (!SPEC_QUALITIES.includes(req.quality)) j.must(`quality "${req.quality}" is not in the spec`);
  else if (!img.qualities.includes(req.quality)) j.may(`quality ${req.quality} is not declared`);
  if (!SPEC_FORMATS.includes(req.format)) j.must(`format "${req.format}" is not in the spec`);
  else if (!img.formats.includes(req.format)) j.may(`format ${req.format} is not declared`);

  const images: Outcome[] = [];
  if (region !== null && s.kind !== 'junk' && !j.mustRefuse) {
    // Every size rule is monotone in the region's width and height, so the corners bound the answers.
    const found: Outcome[] = [];
    const corners = [[region.w.lo, region.h.lo], [region.w.lo, region.h.hi], [region.w.hi, region.h.lo], [region.w.hi, region.h.hi]] as const;
    const exactRegion = region.w.lo === region.w.hi && region.h.lo === region.h.hi;
    for (const [rw, rh] of exactRegion ? corners.slice(0, 1) : corners) outcomes(j, scaled(v, s, rw, rh, L), L, found, exactRegion);
    if (!exactRegion && found.length === 0) j.must('no rounding of the region gives an image');
    if (found.length > 0 && !j.mustRefuse) {
      // One span per distinct answer shape keeps 2.1 !w,h's two readings apart; otherwise their hull.
      const merged = exactRegion ? found : [found.reduce((a, b) => ({ width: union(a.width, b.width), height: union(a.height, b.height) }))];
      for (const o of merged) images.push(quarter ? { width: o.height, height: o.width } : o);
    }
  }
  return {
    images: j.mustRefuse ? [] : images,
    refusal: j.refusal,
    notImplemented: j.notImplemented,
    notes: j.notes,
  };
}

/** Whether `width`×`height` is one of the allowed images. */
export function sizeAllowed(a: Allowed, width: number, height: number): boolean {
  return a.images.some((o) => width >= o.width.lo && width <= o.width.hi && height >= o.height.lo && height <= o.height.hi);
}
