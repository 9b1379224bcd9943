import type { Quote } from '@repo/queries/results'

/** A Quote document as a pull-quote; the stored text has no quotation marks, the design adds them. */
export function PullQuote({ quote }: { quote: Quote }) {
  const attribution = [quote.attribution, quote.role].filter(Boolean).join(', ')
  return (
    <figure className="pull-quote">
      <blockquote>
        <p>“{quote.text}”</p>
      </blockquote>
      {attribution && (
        <figcaption>
          — {attribution}
          {quote.source && <span className="pull-quote-source"> ({quote.source})</span>}
        </figcaption>
      )}
    </figure>
  )
}
