// Just enough image decoding to check a screenshot: 8-bit PNG (gray, RGB,
// RGBA, non-interlaced; inflated with node's zlib) and binary PPM (P6).
import { inflateSync } from 'node:zlib';

export interface DecodedImage {
  width: number;
  height: number;
  /** Bytes per pixel. */
  channels: number;
  /** Row-major, `channels` bytes per pixel, no padding. */
  pixels: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(png: Buffer): DecodedImage {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let pos = 8; pos < png.length; ) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [bitDepth, colorType, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      if (bitDepth !== 8 || interlace !== 0 || !(colorType! in PNG_CHANNELS)) {
        throw new Error(`unsupported PNG: depth ${bitDepth}, color type ${colorType}, interlace ${interlace}`);
      }
      channels = PNG_CHANNELS[colorType!]!;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      out[x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

export function decodePpm(ppm: Buffer): DecodedImage {
  // "P6 <w> <h> <max>\n" then binary RGB (comments not expected from QEMU).
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.toString('latin1', 0, 64));
  if (!header) throw new Error('not a binary PPM');
  const [width, height, max] = [Number(header[1]), Number(header[2]), Number(header[3])];
  if (max > 255) throw new Error('16-bit PPM not supported');
  const start = header[0].length;
  return { width, height, channels: 3, pixels: ppm.subarray(start, start + width * height * 3) };
}

export function decodeScreenshot(mime: string, data: Buffer): DecodedImage {
  if (mime === 'image/png') return decodePng(data);
  if (mime === 'image/x-portable-pixmap') return decodePpm(data);
  throw new Error(`unexpected screenshot type ${mime}`);
}

/** Number of distinct pixel values (capped at `limit`). */
export function distinctPixels(img: DecodedImage, limit = 1000): number {
  const seen = new Set<string>();
  for (let i = 0; i < img.pixels.length && seen.size < limit; i += img.channels) {
    seen.add(img.pixels.subarray(i, i + img.channels).toString('hex'));
  }
  return seen.size;
}
