/** The outcome of one input of a batch, as reported in the summary and returned by buildPyramids. */
export type InputStatus = 'built' | 'skipped' | 'failed' | 'ignored';

export interface InputResult {
  readonly input: string;
  readonly status: InputStatus;
  readonly id?: string;
  readonly key?: string;
  readonly reason?: string;
  readonly width?: number;
  readonly height?: number;
  readonly levels?: number;
  readonly bytes?: number;
  readonly seconds?: number;
  /** Exact-size right-edge copies (edge-tiles.ts): how many were stored, of how many edge tiles. */
  readonly edgeCopies?: { readonly stored: number; readonly total: number; readonly notStored: readonly string[] };
}
