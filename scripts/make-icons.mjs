#!/usr/bin/env node
/**
 * Renders build/icon.svg to the PNG icons electron-builder and the tray use,
 * with the Chromium we already have (no ImageMagick on our build machines):
 *   build/icons/<n>x<n>.png   Linux hicolor sizes (deb, AppImage)
 *   build/icon.png            512 px, Windows (electron-builder makes the .ico) and the fallback
 *   renderer/public/tray.png  32 px, the tray icon (shipped with the renderer build)
 * Run after changing the SVG: node scripts/make-icons.mjs
 */
import { chromium } from '@playwright/test'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const svg = readFileSync(join(root, 'build', 'icon.svg'), 'utf8')
const executablePath = [process.env.QF_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p))
if (!executablePath) {
  console.error('No Chromium found (set QF_CHROMIUM)')
  process.exit(1)
}
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage()
async function render(size, file) {
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`)
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, png)
  console.log(`${file} ${size}px`)
}
for (const n of [16, 24, 32, 48, 64, 128, 256, 512]) await render(n, join(root, 'build', 'icons', `${n}x${n}.png`))
await render(512, join(root, 'build', 'icon.png'))
await render(32, join(root, 'renderer', 'public', 'tray.png'))
await browser.close()
