import { IPC_CHANNELS } from '@preload/contract'
import { err, type Result } from '../result'
import type { SenderEvent } from './sender'

/** What the main process exposes for one channel, after the shared guard. */
export interface Channel {
  channel: string
  handle(args: unknown[]): Promise<Result<unknown>>
}

/** Pairs an argument parser with the capability it guards. */
export function channel<P, R>(name: string, parse: (args: unknown[]) => Result<P>, run: (params: P) => Promise<Result<R>> | Result<R>): Channel {
  return {
    channel: name,
    async handle(args) {
      const parsed = parse(args)
      return parsed.ok ? run(parsed.value) : parsed
    }
  }
}

/** The subset of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

// Main → renderer only; nobody may invoke it.
const INVOKABLE = new Set<string>(Object.values(IPC_CHANNELS).filter((c) => c !== IPC_CHANNELS.navigate))

/**
 * The only place ipcMain.handle is called, so no handler can skip the sender
 * check. Every answer is a Result: refusals and crashes come back as
 * { ok: false, code } instead of a rejected promise carrying a stack trace.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  isTrusted: (event: SenderEvent) => boolean,
  channels: Channel[],
  log: (msg: string) => void = console.warn
): () => void {
  const seen = new Set<string>()
  for (const c of channels) {
    if (!INVOKABLE.has(c.channel)) throw new Error(`IPC channel not in the contract: ${c.channel}`)
    if (seen.has(c.channel)) throw new Error(`IPC channel registered twice: ${c.channel}`)
    seen.add(c.channel)
  }
  for (const c of channels) {
    ipcMain.handle(c.channel, async (event: SenderEvent, ...args: unknown[]) => {
      if (!isTrusted(event)) {
        log(`[ipc] refused ${c.channel} from ${event?.senderFrame?.url ?? 'unknown frame'}`)
        return err('FORBIDDEN_SENDER', '拒绝：调用方不是本应用窗口')
      }
      try {
        return await c.handle(args)
      } catch (e) {
        log(`[ipc] ${c.channel} failed: ${e instanceof Error ? e.message : String(e)}`)
        return err('INTERNAL', '内部错误')
      }
    })
  }
  return () => {
    for (const c of channels) ipcMain.removeHandler(c.channel)
  }
}
