/** The builder's name and version, recorded in every pyramid's provenance (DESIGN §3). */
export const BUILDER = { name: 'iiif-edge build-pyramid', version: '3.0.0' } as const;
