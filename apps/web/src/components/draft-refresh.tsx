'use client'

import { useRouter } from 'next/navigation'
import { useEffect } from 'react'

/** Re-renders the preview shortly after the editor's drafts change; only rendered in draft mode. */
export function DraftRefresh() {
  const router = useRouter()
  useEffect(() => {
    const events = new EventSource('/api/draft-mode/changes')
    let timer: ReturnType<typeof setTimeout> | undefined
    // Typing sends a change per keystroke; one re-render per pause is enough.
    events.addEventListener('change', () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        router.refresh()
      }, 150)
    })
    return () => {
      clearTimeout(timer)
      events.close()
    }
  }, [router])
  return null
}
