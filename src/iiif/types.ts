/**
 * The IIIF Image API request as an immutable value (Image API 3.0 §4, 2.1 §4), independent of the URL
 * syntax of either version. Parsing produces an ImageRequest; resolving it against an image's size and the
 * service limits produces a ResolvedRequest, whose canonical form is the cache key.
 */

export type ApiVersion = 2 | 3;

/** Image API 3.0 §4.2. Numbers are as written in the URL (pixels or percent). */
export type RegionSpec =
  | { readonly kind: 'full' }
  | { readonly kind: 'square' }
  | { readonly kind: 'pixels'; readonly x: number; readonly y: number; readonly w: number; readonly h: number }
  | { readonly kind: 'percent'; readonly x: number; readonly y: number; readonly w: number; readonly h: number };

/**
 * Image API 3.0 §4.3 (`upscale` is the `^` prefix; 2.1 never sets it but allows upscaling implicitly,
 * which resolve handles per version). 2.1 `full` parses to `max`.
 */
export type SizeSpec =
  | { readonly kind: 'max'; readonly upscale: boolean }
  | { readonly kind: 'width'; readonly w: number; readonly upscale: boolean }
  | { readonly kind: 'height'; readonly h: number; readonly upscale: boolean }
  | { readonly kind: 'percent'; readonly n: number; readonly upscale: boolean }
  | { readonly kind: 'exact'; readonly w: number; readonly h: number; readonly upscale: boolean }
  | { readonly kind: 'fit'; readonly w: number; readonly h: number; readonly upscale: boolean };

/** Image API 3.0 §4.4: mirror first (the `!` prefix), then rotate clockwise. */
export interface RotationSpec {
  readonly mirror: boolean;
  readonly degrees: number;
}

export type Quality = 'default' | 'color' | 'gray' | 'bitonal';
export type Format = 'jpg' | 'png' | 'webp';

export interface ImageRequest {
  readonly version: ApiVersion;
  /** Decoded identifier (already validated as safe for the key template). */
  readonly id: string;
  readonly region: RegionSpec;
  readonly size: SizeSpec;
  readonly rotation: RotationSpec;
  readonly quality: Quality;
  readonly format: Format;
}

/** An integer pixel rectangle in full-resolution image coordinates. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * A request resolved against the image: what pixels, at what size, turned how, in which colours and format.
 * Only these fields change the output pixels, so `canonical` (built from them) is the derivative cache key.
 */
export interface ResolvedRequest {
  readonly version: ApiVersion;
  readonly id: string;
  /** Region in full-resolution pixels, already clipped to the image. */
  readonly region: Rect;
  /** Output size before rotation. */
  readonly width: number;
  readonly height: number;
  readonly rotation: RotationSpec;
  /** `default` resolved: `color` for colour sources, `gray` for one-band sources. */
  readonly quality: 'color' | 'gray' | 'bitonal';
  /** The quality as it appears in the canonical URL (3.0 §4.7 / 2.1 §4.7: `default` stays `default`). */
  readonly canonicalQuality: Quality;
  readonly format: Format;
  /** Canonical `{region}/{size}/{rotation}/{quality}.{format}` for this version (3.0 §4.7, 2.1 §4.7). */
  readonly canonical: string;
}
