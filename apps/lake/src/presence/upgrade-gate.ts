/** The presence socket, under any API version: `/v2022-06-30/socket/production`. */
const socketPath = /^\/v[^/]+\/socket\/[^/]+\/?$/

/**
 * A 404 for a WebSocket upgrade to anything but the presence socket. Without it the upgrade
 * request runs through the app like a GET — a listen stream would start and never be read — and
 * the client is refused with that route's status (200) instead of "not here".
 */
export function refuseOtherUpgrades(request: Request): Response | undefined {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return undefined
  if (socketPath.test(new URL(request.url).pathname)) return undefined
  return new Response(null, { status: 404 })
}
