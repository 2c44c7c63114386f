/** The builder's name and version, recorded in every pyramid's provenance (docs/ARCHITECTURE.md §2). */
export const BUILDER = { name: 'iiif-edge build-pyramid', version: '3.0.0' } as const;
