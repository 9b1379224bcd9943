export interface BarGroup {
  label: string
  bars: { label: string; value: number | null }[]
}

export interface ChartPanel {
  title: string
  unit: string
  groups: BarGroup[]
  /** Log scale, for values spanning orders of magnitude. */
  log?: boolean
}

const colors = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2']
const width = 760
const panelHeight = 260
const margin = { left: 60, right: 20, top: 36, bottom: 56 }

/** Grouped bar charts stacked vertically in one SVG; missing values are marked "n/a". */
export function barChartSvg(panels: readonly ChartPanel[]): string {
  const body = panels.map((panel, i) => renderPanel(panel, i * panelHeight)).join('\n')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${panels.length * panelHeight}" font-family="sans-serif" font-size="11">\n<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`
}

function renderPanel(panel: ChartPanel, top: number): string {
  const values = panel.groups.flatMap((g) => g.bars.map((b) => b.value)).filter(isNumber)
  const max = Math.max(...values, panel.log ? 10 : 1)
  const min = panel.log ? Math.min(...values.filter((v) => v > 0), 1) : 0
  const plotHeight = panelHeight - margin.top - margin.bottom
  const plotWidth = width - margin.left - margin.right
  const lowest = panel.log ? 10 ** Math.floor(Math.log10(min)) : 0
  const highest = panel.log ? 10 ** Math.ceil(Math.log10(max)) : niceCeiling(max)
  const y = (value: number) => {
    const share = panel.log
      ? (Math.log10(Math.max(value, lowest)) - Math.log10(lowest)) /
        (Math.log10(highest) - Math.log10(lowest))
      : value / highest
    return top + margin.top + plotHeight * (1 - share)
  }
  const out: string[] = [
    `<text x="${margin.left}" y="${top + 20}" font-size="13" font-weight="bold">${escape(panel.title)}</text>`,
  ]
  const ticks = panel.log
    ? Array.from({ length: Math.log10(highest / lowest) + 1 }, (_, i) => lowest * 10 ** i)
    : [0, 0.25, 0.5, 0.75, 1].map((share) => share * highest)
  for (const tick of ticks) {
    out.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#ddd"/>`,
      `<text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end">${formatTick(tick)}</text>`,
    )
  }
  out.push(
    `<text transform="translate(14 ${top + margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escape(panel.unit)}</text>`,
  )
  const groupWidth = plotWidth / Math.max(1, panel.groups.length)
  panel.groups.forEach((group, g) => {
    const barWidth = (groupWidth * 0.8) / Math.max(1, group.bars.length)
    const x0 = margin.left + g * groupWidth + groupWidth * 0.1
    group.bars.forEach((bar, b) => {
      const x = x0 + b * barWidth
      const color = colors[b % colors.length] ?? '#888'
      if (bar.value === null) {
        out.push(
          `<text x="${x + barWidth / 2}" y="${y(lowest) - 4}" text-anchor="middle" fill="#999">n/a</text>`,
        )
        return
      }
      const yTop = y(bar.value)
      out.push(
        `<rect x="${x.toFixed(1)}" y="${yTop.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(y(lowest) - yTop).toFixed(1)}" fill="${color}"><title>${escape(`${group.label} ${bar.label}: ${bar.value}`)}</title></rect>`,
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(yTop - 3).toFixed(1)}" text-anchor="middle" font-size="9">${formatTick(bar.value)}</text>`,
      )
    })
    out.push(
      `<text x="${margin.left + (g + 0.5) * groupWidth}" y="${top + panelHeight - margin.bottom + 16}" text-anchor="middle">${escape(group.label)}</text>`,
    )
  })
  const legend = panel.groups[0]?.bars.map((bar) => bar.label) ?? []
  legend.forEach((label, i) => {
    const x = margin.left + i * 120
    const yLegend = top + panelHeight - 18
    out.push(
      `<rect x="${x}" y="${yLegend - 9}" width="10" height="10" fill="${colors[i % colors.length] ?? '#888'}"/>`,
      `<text x="${x + 14}" y="${yLegend}">${escape(label)}</text>`,
    )
  })
  return out.join('\n')
}

function isNumber(value: number | null): value is number {
  return value !== null && Number.isFinite(value)
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value))
  return Math.ceil(value / magnitude) * magnitude
}

function formatTick(value: number): string {
  if (value >= 100) return String(Math.round(value))
  if (value >= 1) return String(Number(value.toFixed(1)))
  return String(Number(value.toPrecision(2)))
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
