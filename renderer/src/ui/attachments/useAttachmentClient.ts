/** The attachment client bound to the signed-in session, and its errors in the user's language. */
import { useMemo } from 'react'
import { useServices } from '@renderer/core/app/context'
import type { T } from '@renderer/core/i18n'
import { attachmentClient, formatSize, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, type AttachError, type AttachmentClient } from './client'

export function useAttachmentClient(): AttachmentClient {
  const { session, api } = useServices()
  return useMemo(
    () =>
      attachmentClient({
        serverUrl: session.serverUrl,
        token: () => session.token,
        renew: () => session.renew(),
        // The browser's network flag only, as the picker checks it. Not the sockets' state: just
        // after the network returns they are still reconnecting (status 离线), and an upload
        // picked in that window was refused as offline. Whether the server answers is the
        // upload's own result (NETWORK when it does not).
        online: () => navigator.onLine,
        // Through the DesktopApi: the shell's native save dialog, the browser's download.
        save: async (name, blob) => void (await api.saveFile(name, new Uint8Array(await blob.arrayBuffer()), blob.type || 'application/octet-stream'))
      }),
    [session, api]
  )
}

export function attachErrorText(t: T, e: AttachError, opts: { name?: string; download?: boolean } = {}): string {
  switch (e.code) {
    case 'TOO_LARGE':
      return t('attach.error.tooLarge', { name: opts.name ?? '', max: formatSize(MAX_ATTACHMENT_BYTES) })
    case 'TOO_MANY':
      return t('attach.error.tooMany', { count: MAX_ATTACHMENTS })
    case 'OFFLINE':
      return t(opts.download ? 'attach.error.offlineDownload' : 'attach.error.offline')
    case 'NETWORK':
      return t('attach.error.network')
    case 'UNAUTHORIZED':
      return t('attach.error.unauthorized')
    case 'FORBIDDEN':
      return t('attach.error.forbidden')
    case 'NOT_FOUND':
      return t('attach.error.notFound')
    default:
      return t('attach.error.server', { message: e.message })
  }
}
