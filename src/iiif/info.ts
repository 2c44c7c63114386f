/**
 * Entry point for image information: the two documents, the pyramid-derived sizes and tiles, and the
 * Link headers that go with them.
 */
export { buildInfo2 } from './info2';
export { buildInfo3 } from './info3';
export { sizesFor, tilesFor } from './info-geometry';
export type { SizeEntry, TileSet } from './info-geometry';
export type { InfoInput } from './info-input';
export { linkHeaders, profileUri } from './link-headers';
