/** Tells an editor the page shows drafts, with the way back to what readers see. */
export function PreviewBanner() {
  return (
    <div className="preview-banner" role="status">
      <strong>Preview</strong> — you are seeing unpublished drafts.{' '}
      <a href="/api/draft-mode/disable" className="preview-exit">
        Exit preview
      </a>
    </div>
  )
}
