/**
 * A minimal ECharts host: echarts/core with only the bar chart, grid, tooltip
 * and legend registered, and the SVG renderer (crisp in the PDF export, and
 * lighter than canvas + the full bundle). Resizes with its container.
 */
import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer])

export function OversightChart({ option, height, testId }: { option: Record<string, unknown>; height: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    const node = el.current
    if (!node) return
    const c = echarts.init(node, undefined, { renderer: 'svg', locale: 'ZH' })
    chart.current = c
    const ro = new ResizeObserver(() => c.resize())
    ro.observe(node)
    // The print layout is narrower than the screen: fit the chart to it, and back.
    const fit = () => c.resize()
    window.addEventListener('beforeprint', fit)
    window.addEventListener('afterprint', fit)
    return () => {
      ro.disconnect()
      window.removeEventListener('beforeprint', fit)
      window.removeEventListener('afterprint', fit)
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `height` is the trigger: the chart measures its box again.
  useEffect(() => {
    chart.current?.resize()
  }, [height])

  return <div ref={el} className="qf-chart" style={{ width: '100%', height }} data-testid={testId} />
}
