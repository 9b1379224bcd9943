import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'

import sharp from 'sharp'

import { seedImagesDir } from './dataset-path.ts'
import { illustrationSvg } from './illustration-svg.ts'

const target = join(seedImagesDir, 'deepseek-illustration.png')
await mkdir(seedImagesDir, { recursive: true })
const info = await sharp(Buffer.from(illustrationSvg())).png({ compressionLevel: 9 }).toFile(target)
console.log(`seed: wrote ${target} (${info.width}x${info.height}, ${info.size} bytes)`)
