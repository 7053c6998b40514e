/** Types of scripts/build-server.mjs (the bench imports it). */
export const SERVER_BUNDLE: string
export const SERVER_NODE_FLAGS: string[]
export const SERVER_ENV: Record<string, string>
export function buildServer(force?: boolean): Promise<string>
