/**
 * Output dimensions straight from a response body's header, so every response of a run can be checked
 * without decoding it: PNG IHDR (PNG spec §11.2.2) or the JPEG frame header SOFn (ITU T.81 §B.2.2),
 * reached by walking the marker segments from SOI.
 */

export interface ImageHeader {
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
  /** Colour components (JPEG) or channels implied by the PNG colour type. */
  readonly components: number;
}

const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function imageHeader(b: Uint8Array): ImageHeader | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 26 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20), components: PNG_CHANNELS[b[25]!] ?? 0 };
  }
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte (T.81 §B.1.1.2)
      continue;
    }
    // Standalone markers carry no length: TEM and RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: view.getUint16(i + 5), width: view.getUint16(i + 7), components: b[i + 9]! };
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan or end before any frame header
    i += 2 + view.getUint16(i + 2);
  }
  return null;
}
