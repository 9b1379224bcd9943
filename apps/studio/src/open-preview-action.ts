import { EyeOpenIcon } from '@sanity/icons/EyeOpen'
import type { DocumentActionComponent } from 'sanity'
import { useRouter } from 'sanity/router'

/** "Open preview": the article's page in the Presentation tool, drafts and all. */
export const openPreviewAction: DocumentActionComponent = ({ id, type, draft, published }) => {
  const { navigateIntent } = useRouter()
  const slug = ((draft ?? published)?.slug as { current?: string } | undefined)?.current
  return {
    label: 'Open preview',
    icon: EyeOpenIcon,
    disabled: !slug,
    title: slug ? undefined : 'Give the article a slug first',
    onHandle: () => {
      if (slug)
        navigateIntent('edit', { id, type, mode: 'presentation', preview: `/articles/${slug}` })
    },
  }
}
