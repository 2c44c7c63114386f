/**
 * The marker segments before a baseline JPEG's entropy-coded data (T.81 Annex B.2): SOI, APP0 JFIF
 * (JFIF 1.02 §5: version 1.01, no units, 1:1 aspect, no thumbnail), DQT, SOF0, DHT and SOS. One or three
 * components; three means YCbCr with luma sampled 2×2 (4:2:0) and chroma 1×1, sharing chroma tables.
 */
import { ZIGZAG, type HuffmanSpec } from './tables';

const segment = (marker: number, body: readonly number[]): number[] => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];

const JFIF = [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];

export function headers(
  width: number,
  height: number,
  quant: readonly Uint8Array[],
  huffman: readonly { readonly dc: HuffmanSpec; readonly ac: HuffmanSpec }[],
): Uint8Array {
  const colour = quant.length > 1;
  // B.2.4.1: Pq/Tq byte, then 64 values in zig-zag order.
  const dqt = quant.flatMap((t, i) => [i, ...Array.from(ZIGZAG, (n) => t[n]!)]);
  // B.2.2: P, Y, X, Nf, then (C, H/V, Tq) per component.
  const comps = colour ? [[1, 0x22, 0], [2, 0x11, 1], [3, 0x11, 1]] : [[1, 0x11, 0]];
  const sof = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, comps.length, ...comps.flat()];
  // B.2.4.2: Tc/Th, 16 counts, symbols; DC tables are class 0, AC class 1.
  const dht = huffman.flatMap((h, i) => [i, ...h.dc.bits, ...h.dc.values, 0x10 | i, ...h.ac.bits, ...h.ac.values]);
  // B.2.3: Ns, (Cs, Td/Ta) per component, Ss 0, Se 63, Ah/Al 0.
  const sos = [comps.length, ...comps.flatMap(([id, , t]) => [id!, (t! << 4) | t!]), 0, 63, 0];
  return Uint8Array.from([
    0xff, 0xd8,
    ...segment(0xe0, JFIF),
    ...segment(0xdb, dqt),
    ...segment(0xc0, sof),
    ...segment(0xc4, dht),
    ...segment(0xda, sos),
  ]);
}
