import { keepCopy, refreshCopy, setOffline, storedCopy } from './store'

/** Marks a response answered from the device (its value: when the copy was stored, in ms). */
export const OFFLINE_HEADER = 'X-Binome-Offline'
/** Set by prepare.ts on the GETs to keep for a visit (its id, or "shared"); never sent to the server. */
export const PREPARE_HEADER = 'X-Binome-Prepare'

/**
 * The API client's fetch, around the authenticated one: a GET that cannot reach the server (no network)
 * is answered from the copy stored when the visits were prepared, for the logged-in person only; a GET
 * that succeeds refreshes that copy. Writes go through untouched (the forms queue them, see queue.ts).
 */
export async function offlineFetch(request: Request, send: (r: Request) => Promise<Response>): Promise<Response> {
  if (request.method !== 'GET') {
    try {
      const response = await send(request)
      setOffline(false)
      return response
    } catch (e) {
      setOffline(true)
      throw e
    }
  }
  const url = request.url
  const prepare = request.headers.get(PREPARE_HEADER)
  if (prepare !== null) request.headers.delete(PREPARE_HEADER)
  let response: Response
  try {
    response = await send(request)
  } catch (e) {
    setOffline(true)
    const copy = await storedCopy(url)
    if (!copy) throw e
    return new Response(copy.body, {
      status: copy.status,
      headers: { 'Content-Type': 'application/json', [OFFLINE_HEADER]: String(copy.storedAt) },
    })
  }
  setOffline(false)
  if (response.ok || response.status === 404) {
    const status = response.status
    const body = response.clone().text()
    if (prepare !== null) await keepCopy(url, status, await body, prepare === 'shared' ? null : Number(prepare))
    else void body.then((text) => refreshCopy(url, status, text)).catch(() => undefined)
  }
  return response
}
