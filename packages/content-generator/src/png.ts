import { crc32, deflateSync } from 'node:zlib'

/**
 * Draws a 480×270 illustration (a diagonal gradient in one hue with a few bands) as a PNG, using
 * only zlib: the generator needs distinct, valid images for the lake to import and nothing more.
 */
export function illustrationPng(hue: number, variant: number, width = 480, height = 270): Buffer {
  // Band width and slope come from the variant (a picture's number), so no two pictures of a
  // dataset are byte-identical: the lake stores identical uploads as one asset.
  const bandWidth = 30 + (variant % 97)
  const slope = 1 + (Math.floor(variant / 97) % 3)
  const rows: Buffer[] = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3)
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2
      const band = Math.floor((x + y * slope) / bandWidth) % 2 === 0 ? 0 : 0.08
      const [r, g, b] = hsl(hue + t * 40, 0.55, 0.3 + t * 0.4 + band)
      row.writeUInt8(r, 1 + x * 3)
      row.writeUInt8(g, 2 + x * 3)
      row.writeUInt8(b, 3 + x * 3)
    }
    rows.push(row)
  }
  return encodePng(width, height, deflateSync(Buffer.concat(rows)))
}

/**
 * A PNG file of 8-bit RGB pixels: `deflatedRows` is the zlib stream of the rows (each a filter
 * byte, then the pixels). Nothing checks that the rows fill `width`×`height`, so the lake's fuzz
 * tests also use it to declare huge images over a few real rows.
 */
export function encodePng(width: number, height: number, deflatedRows: Uint8Array): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.writeUInt8(8, 8) // bit depth
  header.writeUInt8(2, 9) // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflatedRows),
    chunk('IEND', new Uint8Array()),
  ])
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

function hsl(hueDegrees: number, saturation: number, lightness: number): [number, number, number] {
  const l = Math.min(1, lightness)
  const h = (((hueDegrees % 360) + 360) % 360) / 360
  const q = l < 0.5 ? l * (1 + saturation) : l + saturation - l * saturation
  const p = 2 * l - q
  const channel = (offset: number) => {
    let t = h + offset
    if (t < 0) t += 1
    if (t > 1) t -= 1
    const value =
      t < 1 / 6
        ? p + (q - p) * 6 * t
        : t < 1 / 2
          ? q
          : t < 2 / 3
            ? p + (q - p) * (2 / 3 - t) * 6
            : p
    return Math.round(value * 255)
  }
  return [channel(1 / 3), channel(0), channel(-1 / 3)]
}
