import { httpError } from './errors.ts'

/** The names every lake answers to: this machine's loopback, however a local client spells it. */
const loopbackNames = ['localhost', '127.0.0.1', '[::1]']

/** A bind address that stands for every interface names no host a client could use. */
const wildcardAddresses = new Set(['0.0.0.0', '::', '[::]'])

/** A host name as URL parsing writes it: lower case, IPv6 in brackets. */
export function normalizeHostName(name: string): string {
  const bracketed = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name
  return new URL(`http://${bracketed}`).hostname
}

/**
 * The names the lake accepts in `Host`: loopback, the host it binds to, the host of its public URL
 * (`LAKE_PUBLIC_URL`) and the extra names of `LAKE_ALLOWED_HOSTS`.
 */
export function lakeHostNames(config: {
  host: string
  publicUrl: string | undefined
  allowedHosts: readonly string[]
}): ReadonlySet<string> {
  const names = new Set(loopbackNames)
  if (!wildcardAddresses.has(config.host)) names.add(normalizeHostName(config.host))
  if (config.publicUrl) names.add(new URL(config.publicUrl).hostname)
  for (const name of config.allowedHosts) names.add(normalizeHostName(name))
  return names
}

function hostNameOf(host: string): string | undefined {
  try {
    const url = new URL(`http://${host}`)
    // Anything past host[:port] (a path, user info) is no Host header a browser sends.
    return url.host === host.toLowerCase() || `${url.host}:80` === host.toLowerCase()
      ? url.hostname
      : undefined
  } catch {
    return undefined
  }
}

/**
 * A 403 for a request that names another host, before any other work. A web page whose own name
 * was made to resolve to this machine (DNS rebinding) reaches the lake as its own origin, so
 * neither CORS nor SameSite cookies stop it; only the `Host` it must send gives it away.
 */
export function refuseForeignHost(
  request: Request,
  names: ReadonlySet<string>,
): Response | undefined {
  const header = request.headers.get('host')
  const fromUrl = new URL(request.url).hostname
  const fromHeader = header === null ? fromUrl : hostNameOf(header)
  if (fromHeader !== undefined && names.has(fromHeader) && names.has(fromUrl)) return undefined
  const error = httpError(
    403,
    'The Host header names no host of this lake; add the name to LAKE_ALLOWED_HOSTS to allow it',
  )
  return Response.json(error.body, { status: error.status })
}
