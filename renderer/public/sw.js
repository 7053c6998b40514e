/*
 * App-shell cache for the browser build, so a client opens with the network
 * gone. Data never passes through here: rooms live in
 * IndexedDB and sync over WebSocket; /api and /ws are never cached.
 *  - the page itself: network first, cache when offline;
 *  - hashed assets (./assets/*): cache first (their names change with content).
 */
const CACHE = 'qf-shell-v1'
const scope = new URL(self.registration.scope)
const shellUrl = new URL('./', scope).href

async function precache() {
  const cache = await caches.open(CACHE)
  const res = await fetch(shellUrl, { cache: 'no-cache' })
  if (!res.ok) return
  const html = await res.clone().text()
  await cache.put(shellUrl, res)
  const assets = [...html.matchAll(/(?:src|href)="(\.\/[^"]+)"/g)].map((m) => new URL(m[1], scope).href)
  await cache.addAll(assets)
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  )
})

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== scope.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/ws')) return
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) caches.open(CACHE).then((c) => c.put(shellUrl, res.clone()))
          return res
        })
        .catch(() => caches.match(shellUrl).then((r) => r ?? Response.error()))
    )
    return
  }
  event.respondWith(
    caches.match(req).then(
      (hit) =>
        hit ??
        fetch(req).then((res) => {
          if (res.ok && url.pathname.includes('/assets/')) {
            const copy = res.clone()
            caches.open(CACHE).then((c) => c.put(req, copy))
          }
          return res
        })
    )
  )
})
