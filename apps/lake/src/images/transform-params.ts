import { httpError } from '../http/errors.ts'

export const fits = ['clip', 'crop', 'fill', 'fillmax', 'max', 'scale', 'min'] as const
export const outputFormats = ['jpg', 'pjpg', 'png', 'webp', 'avif', 'gif'] as const
const crops = [
  'center',
  'focalpoint',
  'entropy',
  'edges',
  'faces',
  'top',
  'bottom',
  'left',
  'right',
] as const

export type Fit = (typeof fits)[number]
export type OutputFormat = (typeof outputFormats)[number]

export interface TransformParams {
  w?: number | undefined
  h?: number | undefined
  maxW?: number | undefined
  maxH?: number | undefined
  minW?: number | undefined
  minH?: number | undefined
  fit: Fit
  crop: string[]
  fpX?: number | undefined
  fpY?: number | undefined
  rect?: [number, number, number, number] | undefined
  fm?: OutputFormat | undefined
  autoFormat: boolean
  q?: number | undefined
  dpr: number
  blur?: number | undefined
  sharpen?: number | undefined
  bg?: string | undefined
  flip?: 'h' | 'v' | 'hv' | undefined
  orientation?: 0 | 90 | 180 | 270 | undefined
  invert: boolean
}

// Parameters that change the pixels; anything else (e.g. `dl`, cache busters) serves the original.
const transforming = [
  'w',
  'h',
  'max-w',
  'max-h',
  'min-w',
  'min-h',
  'fit',
  'crop',
  'fp-x',
  'fp-y',
  'rect',
  'fm',
  'auto',
  'q',
  'dpr',
  'blur',
  'sharp',
  'bg',
  'flip',
  'or',
  'invert',
]

const maxDimension = 8192

function bad(name: string, value: string): never {
  throw httpError(400, `Invalid value for image parameter "${name}": "${value}"`)
}

/** Parses @sanity/image-url's parameters; returns undefined when the original is wanted. */
export function parseTransformParams(search: URLSearchParams): TransformParams | undefined {
  if (!transforming.some((name) => search.has(name))) return undefined

  const number = (name: string, min: number, max: number, integer = true): number | undefined => {
    const raw = search.get(name)
    if (raw === null || raw === '') return undefined
    const value = Number(raw)
    if (
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    )
      bad(name, raw)
    return value
  }
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const raw = search.get(name)
    if (raw === null || raw === '') return undefined
    if (!(allowed as readonly string[]).includes(raw)) bad(name, raw)
    return raw as T
  }

  const rawRect = search.get('rect')
  let rect: TransformParams['rect']
  if (rawRect) {
    const parts = rawRect.split(',').map(Number)
    const [x = -1, y = -1, w = 0, h = 0] = parts
    if (
      parts.length !== 4 ||
      parts.some((part) => !Number.isInteger(part)) ||
      x < 0 ||
      y < 0 ||
      w < 1 ||
      h < 1
    ) {
      bad('rect', rawRect)
    }
    rect = [x, y, w, h]
  }

  const crop = (search.get('crop') ?? 'center').split(',').filter(Boolean)
  for (const mode of crop) if (!(crops as readonly string[]).includes(mode)) bad('crop', mode)

  const bg = search.get('bg') ?? undefined
  if (bg !== undefined && !/^([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(bg))
    bad('bg', bg)
  const auto = search.get('auto')
  if (auto !== null && auto !== 'format') bad('auto', auto)
  const orientation = number('or', 0, 270)
  if (orientation !== undefined && orientation % 90 !== 0) bad('or', String(orientation))

  return {
    w: number('w', 1, maxDimension),
    h: number('h', 1, maxDimension),
    maxW: number('max-w', 1, maxDimension),
    maxH: number('max-h', 1, maxDimension),
    minW: number('min-w', 1, maxDimension),
    minH: number('min-h', 1, maxDimension),
    fit: oneOf('fit', fits) ?? 'clip',
    crop,
    fpX: number('fp-x', 0, 1, false),
    fpY: number('fp-y', 0, 1, false),
    rect,
    fm: oneOf('fm', outputFormats),
    autoFormat: auto === 'format',
    q: number('q', 0, 100),
    dpr: number('dpr', 0.1, 5, false) ?? 1,
    blur: number('blur', 0, 2000),
    sharpen: number('sharp', 0, 100),
    bg,
    flip: oneOf('flip', ['h', 'v', 'hv'] as const),
    orientation: orientation as TransformParams['orientation'],
    invert: search.get('invert') === 'true' || search.get('invert') === '1',
  }
}

/** Stable text of the parameters, used for the cache key and the ETag. */
export function canonicalParams(params: TransformParams): string {
  return JSON.stringify(params, Object.keys(params).sort())
}

/** `auto=format`: the best format the browser accepts, else the explicit/original one. */
export function negotiateFormat(
  params: TransformParams,
  accept: string | undefined,
  original: string,
): OutputFormat {
  if (params.autoFormat && accept) {
    if (accept.includes('image/avif')) return 'avif'
    if (accept.includes('image/webp')) return 'webp'
  }
  if (params.fm) return params.fm
  if ((outputFormats as readonly string[]).includes(original)) return original as OutputFormat
  // svg and tiff originals are rasterised when transformed.
  return original === 'jpeg' ? 'jpg' : 'png'
}
