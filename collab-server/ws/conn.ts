/** One WebSocket connection: who it is (from the token, never from the client), its access, its limits. */
import type { WebSocket } from 'ws'
import type { Actor } from '@domain/directory'
import type { Access } from '../acl/access'

export interface ConnLimits {
  /** Sustained messages per second, and burst. */
  ratePerSec: number
  burst: number
  /** Refused updates tolerated before the connection is closed. */
  maxRefusals: number
  /**
   * Bytes the server may hold queued for one connection that does not read
   * (a slow or hostile reader); past it the connection is closed and the
   * client resyncs on reconnect. Bounds memory per connection.
   */
  maxBufferedBytes?: number
  /**
   * Steps (accepted or refused updates) one group-commit batch takes before
   * the server stops reading every connection until that batch is durable and
   * sent. Under a flood the messages wait in the sockets' buffers as bytes
   * instead of in a batch as decoded updates, receipts and audit rows
   * (batches of 13,000 steps were seen; docs/decisions.md, "Cost per update" →
   * "Fifth pass").
   */
  maxBatchSteps?: number
  /** Open connections one person may hold on this server. */
  maxConnsPerPerson?: number
  /** Sync replies one person may make the server encode: bytes per second sustained, and burst. */
  replyBytesPerSec?: number
  replyBurstBytes?: number
  /** Update bytes one person may send to be checked: per second sustained, and burst (then QUOTA refusals). */
  appendBytesPerSec?: number
  appendBurstBytes?: number
  /** Bytes one record (room) may hold, counted as loaded plus accepted since; past it clients' updates are refused (RECORD_FULL). */
  maxRecordBytes?: number
}

/** A token bucket counted in whatever unit the caller charges (messages, bytes). */
export class Bucket {
  private tokens: number
  private last: number
  constructor(
    private readonly perSec: number,
    private readonly burst: number,
    now: number
  ) {
    this.tokens = burst
    this.last = now
  }
  /** Takes `n` if there is any credit left (one large reply may overdraw: it is charged after encoding). */
  take(n: number, now: number): boolean {
    if (this.perSec === Infinity) return true
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSec)
    this.last = now
    if (this.tokens <= 0) return false
    this.tokens -= n
    return true
  }
}

export const DEFAULT_CONN_LIMITS: ConnLimits = {
  ratePerSec: 500,
  burst: 2000,
  maxRefusals: 20,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxBatchSteps: 1024,
  maxConnsPerPerson: 256,
  replyBytesPerSec: 8 * 1024 * 1024,
  replyBurstBytes: 64 * 1024 * 1024,
  appendBytesPerSec: 1024 * 1024,
  appendBurstBytes: 16 * 1024 * 1024,
  maxRecordBytes: 64 * 1024 * 1024
}

export class Conn {
  /** Awareness client ids this connection speaks for (the first it announced). */
  readonly awarenessIds = new Set<number>()
  refusals = 0
  private tokens: number
  private lastRefill: number
  expiryTimer?: NodeJS.Timeout

  constructor(
    readonly ws: WebSocket,
    readonly actor: Actor,
    public access: Access,
    readonly tokenExp: number,
    readonly limits: ConnLimits,
    now: number
  ) {
    this.tokens = limits.burst
    this.lastRefill = now
  }

  /** Token bucket on wall time (monotonic enough for flood control; never used for records). */
  allowMessage(now: number): boolean {
    this.tokens = Math.min(this.limits.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.limits.ratePerSec)
    this.lastRefill = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  send(data: Uint8Array): void {
    if (this.ws.readyState !== this.ws.OPEN) return
    if (this.ws.bufferedAmount + data.length > (this.limits.maxBufferedBytes ?? Infinity)) return this.drop()
    this.cork()
    this.ws.send(data)
  }

  /** Stops reading this connection (what it sends waits in its socket) until `resume`. */
  pause(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.pause()
  }

  resume(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.resume()
  }

  private corked = false
  /**
   * Everything sent to this connection in one run of the event loop (a
   * committed batch's broadcast: often several edits for the same reader)
   * leaves in one write to the socket instead of one per frame; the frames
   * are unchanged. Uncorked before any further I/O is handled.
   */
  private cork(): void {
    const socket = (this.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket
    if (this.corked || !socket) return
    this.corked = true
    socket.cork()
    process.nextTick(() => {
      this.corked = false
      socket.uncork()
    })
  }

  /**
   * A reader that does not read: a close frame would only queue behind what it
   * never reads (and hold it for the close timeout), so the socket is cut at
   * once and its buffers freed; the client resyncs when it reconnects.
   */
  private drop(): void {
    clearTimeout(this.expiryTimer)
    this.ws.terminate()
  }

  close(code: number, reason: string): void {
    clearTimeout(this.expiryTimer)
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason.slice(0, 120))
  }
}
