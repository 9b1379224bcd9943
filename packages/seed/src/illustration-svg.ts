/**
 * An original cyberpunk illustration of DeepSeek's "sphere-square control": a glowing sphere held
 * inside a square frame over a neon city grid. Drawn as SVG so the picture is reproducible from
 * source rather than a binary committed to the repository.
 */
export function illustrationSvg(width = 1600, height = 900): string {
  const horizon = height * 0.62
  const gridLines = Array.from({ length: 15 }, (_, i) => {
    const x = (width / 14) * i
    return `<line x1="${width / 2}" y1="${horizon}" x2="${x * 2 - width / 2}" y2="${height}" />`
  }).join('')
  const rows = Array.from({ length: 8 }, (_, i) => {
    const y = horizon + ((height - horizon) * (i + 1) ** 2) / 64
    return `<line x1="0" y1="${y.toFixed(1)}" x2="${width}" y2="${y.toFixed(1)}" />`
  }).join('')
  const towers = Array.from({ length: 22 }, (_, i) => {
    const w = 40 + ((i * 37) % 50)
    const h = 80 + ((i * 53) % 220)
    const x = (i * 79) % width
    return `<rect x="${x}" y="${horizon - h}" width="${w}" height="${h}" />`
  }).join('')
  const cx = width / 2
  const cy = height * 0.42
  const r = height * 0.2
  const side = r * 2.7
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#07021a"/><stop offset="0.6" stop-color="#2a0845"/><stop offset="1" stop-color="#12002b"/>
    </linearGradient>
    <radialGradient id="sphere" cx="0.38" cy="0.35" r="0.75">
      <stop offset="0" stop-color="#e0fbff"/><stop offset="0.35" stop-color="#3ad7ff"/>
      <stop offset="0.8" stop-color="#1b3fbf"/><stop offset="1" stop-color="#0b0f4d"/>
    </radialGradient>
    <filter id="glow" x="-50%" y="-50%" width="200%" height="200%">
      <feGaussianBlur stdDeviation="12" result="b"/><feMerge><feMergeNode in="b"/><feMergeNode in="SourceGraphic"/></feMerge>
    </filter>
  </defs>
  <rect width="${width}" height="${height}" fill="url(#sky)"/>
  <g fill="#0d0520" stroke="#ff2bd6" stroke-opacity="0.35" stroke-width="2">${towers}</g>
  <g stroke="#ff2bd6" stroke-opacity="0.55" stroke-width="2">${gridLines}${rows}</g>
  <rect x="0" y="${horizon}" width="${width}" height="3" fill="#ff2bd6" filter="url(#glow)"/>
  <g filter="url(#glow)">
    <rect x="${cx - side / 2}" y="${cy - side / 2}" width="${side}" height="${side}" fill="none" stroke="#ffe14d" stroke-width="6"/>
    <rect x="${cx - side / 2 + 24}" y="${cy - side / 2 + 24}" width="${side - 48}" height="${side - 48}" fill="none" stroke="#ff2bd6" stroke-width="2" stroke-dasharray="18 10"/>
    <circle cx="${cx}" cy="${cy}" r="${r}" fill="url(#sphere)"/>
    <ellipse cx="${cx}" cy="${cy}" rx="${r * 1.45}" ry="${r * 0.32}" fill="none" stroke="#3ad7ff" stroke-width="3"/>
  </g>
  <g stroke="#3ad7ff" stroke-width="2" stroke-opacity="0.8">
    <line x1="${cx - side / 2}" y1="${cy - side / 2}" x2="${cx - r * 0.7}" y2="${cy - r * 0.7}"/>
    <line x1="${cx + side / 2}" y1="${cy - side / 2}" x2="${cx + r * 0.7}" y2="${cy - r * 0.7}"/>
    <line x1="${cx - side / 2}" y1="${cy + side / 2}" x2="${cx - r * 0.7}" y2="${cy + r * 0.7}"/>
    <line x1="${cx + side / 2}" y1="${cy + side / 2}" x2="${cx + r * 0.7}" y2="${cy + r * 0.7}"/>
  </g>
</svg>`
}
