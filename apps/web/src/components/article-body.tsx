import type { PortableTextComponents } from '@portabletext/react'
import { PortableText, toPlainText } from '@portabletext/react'
import type { ReactNode } from 'react'

import { env } from '@/env'
import { headingAnchor } from '@/lib/heading-anchor'
import { safeLink } from '@/lib/link-rel'
import type { BodyMember, Picture, Quote } from '@repo/queries/results'

import { Figure } from './figure'
import { PullQuote } from './pull-quote'

function Heading({ level, text, children }: { level: 2 | 3; text: string; children: ReactNode }) {
  const id = headingAnchor(text)
  const Tag = level === 2 ? 'h2' : 'h3'
  return (
    <Tag id={id}>
      <a href={`#${id}`} className="heading-anchor">
        {children}
      </a>
    </Tag>
  )
}

const components: PortableTextComponents = {
  block: {
    h2: ({ children, value }) => (
      <Heading level={2} text={toPlainText(value)}>
        {children}
      </Heading>
    ),
    h3: ({ children, value }) => (
      <Heading level={3} text={toPlainText(value)}>
        {children}
      </Heading>
    ),
  },
  marks: {
    link: ({ children, value }: { children: ReactNode; value?: { href?: string } }) => {
      const link = safeLink(value?.href, env.siteUrl)
      if (!link) return <>{children}</>
      return link.external ? (
        <a href={link.href} rel="noopener noreferrer" className="external-link">
          {children}
          <span className="visually-hidden"> (external link)</span>
        </a>
      ) : (
        <a href={link.href}>{children}</a>
      )
    },
  },
  types: {
    quoteReference: ({ value }: { value: { quote?: Quote | null } }) =>
      value.quote ? <PullQuote quote={value.quote} /> : null,
    pictureReference: ({ value }: { value: { picture?: Picture | null } }) =>
      value.picture ? (
        <Figure picture={value.picture} sizes="(min-width: 52rem) 48rem, 100vw" />
      ) : null,
  },
  // A member type the site does not know yet renders nothing rather than a warning box.
  unknownType: () => null,
}

/** The article's Portable Text body with the publication's headings, links, quotes and figures. */
export function ArticleBody({ body }: { body: BodyMember[] }) {
  return (
    <div className="article-body">
      <PortableText value={body} components={components} onMissingComponent={false} />
    </div>
  )
}
