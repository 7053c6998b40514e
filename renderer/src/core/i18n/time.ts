/** Times are shown in Asia/Shanghai, whatever the machine's zone (domain.md, "Working days in China"). */
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23'
})

const parts = (ms: number) => Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]))

/** 'YYYY-MM-DD HH:mm' in Shanghai time. */
export function shanghaiDateTime(ms: number): string {
  const p = parts(ms)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}

/** 'YYYY-MM-DD HH:mm:ss' in Shanghai time: audit records are often seconds apart. */
export function shanghaiDateTimeSec(ms: number): string {
  const p = parts(ms)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/** The device's claimed time is worth showing only when it disagrees with the server's by over a minute. */
export const clockDiffers = (clientAt: number, serverAt: number | undefined) => serverAt !== undefined && Math.abs(clientAt - serverAt) > 60_000
