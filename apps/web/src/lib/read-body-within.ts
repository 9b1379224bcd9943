/**
 * The body of a request as text, or undefined as soon as it is known to pass `maxBytes` — from its
 * Content-Length before anything is read, or by counting a chunked body as it arrives (the rest is
 * left unread).
 */
export async function readBodyWithin(request: Request, maxBytes: number) {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return undefined
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return undefined
    }
    chunks.push(read.value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
