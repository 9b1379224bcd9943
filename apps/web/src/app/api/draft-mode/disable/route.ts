import { draftMode } from 'next/headers'
import { NextResponse } from 'next/server'
import type { NextRequest } from 'next/server'

/** Leaves the preview for the public version of the page the editor was on. */
export async function GET(request: NextRequest) {
  ;(await draftMode()).disable()
  const base = 'http://site.invalid'
  const back = new URL(request.nextUrl.searchParams.get('redirect') ?? '/', base)
  // Only a page of this site: an open redirect would let any link bounce readers anywhere. The
  // answer is a relative Location, so the browser stays on the host it used.
  const path = back.origin === base ? `${back.pathname}${back.search}${back.hash}` : '/'
  return new NextResponse(null, { status: 307, headers: { location: path } })
}
