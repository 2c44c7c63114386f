/**
 * The one narrow interface the catalogue commands write and read through: queries with bound parameters, and
 * batches that commit as one transaction (what D1's `batch` guarantees). Implemented by the local D1 that
 * `npm start` serves (local-d1.ts, through Miniflare) and by wrangler for the remote one (wrangler-d1.ts).
 */
export type SqlValue = string | number | null;

export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export const sql = (text: string, ...params: SqlValue[]): Statement => ({ sql: text, params });

export interface CatalogDb {
  /** Where the catalogue is, for messages ("local D1 catalog (.wrangler/state/v3/d1)"). */
  readonly where: string;
  /** Largest JSON payload per statement this path takes, as measured by payloadBytes. */
  readonly maxPayloadBytes: number;
  /** Size a JSON payload counts for: its UTF-8 bytes, plus doubled quotes when inlined as an SQL literal. */
  payloadBytes(json: string): number;
  query<T>(text: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs every statement or none (one transaction). */
  batch(statements: readonly Statement[]): Promise<void>;
  close(): Promise<void>;
}
