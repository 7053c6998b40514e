import { isAppUrl } from '../security/app-url'

/** The parts of IpcMainInvokeEvent the check needs (keeps it testable without Electron). */
export interface SenderEvent {
  sender: unknown
  senderFrame: { url: string; parent: unknown } | null
}

export interface SenderPolicy {
  appOrigin: string
  /** The main window's webContents, or null while no window exists. */
  mainWebContents: () => unknown
}

/**
 * An IPC call is honoured only when it comes from our main window, from its
 * top-level frame, while that frame shows our app origin. This refuses:
 * another window or webContents (e.g. a devtools extension page), an iframe
 * of any origin, and our own window after it was navigated elsewhere.
 */
export function isTrustedSender(event: SenderEvent, policy: SenderPolicy): boolean {
  const main = policy.mainWebContents()
  if (!main || event.sender !== main) return false
  const frame = event.senderFrame
  // A null frame means it was destroyed or navigated while the call was in flight.
  if (!frame || frame.parent !== null) return false
  return isAppUrl(frame.url, policy.appOrigin)
}
