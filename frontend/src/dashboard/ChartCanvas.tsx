import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js'
import { useEffect, useRef } from 'react'

// Only what the dashboard draws, so the bundle stays small. Chart.js draws on a canvas: no eval,
// no inline script or stylesheet, so it runs under the API's Content-Security-Policy.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip)

/**
 * A Chart.js chart. The canvas is an image whose text alternative is `label`; the figures
 * themselves are always in a table next to it (the caller renders it).
 */
export function ChartCanvas<T extends ChartType>({
  config,
  label,
  height = 320,
}: {
  config: ChartConfiguration<T>
  label: string
  height?: number
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null)

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas || typeof canvas.getContext !== 'function') return
    let chart: Chart<T> | null = null
    try {
      chart = new Chart(canvas, config)
    } catch {
      // No 2D context (very old browser, tests): the table next to the chart still has the data.
      chart = null
    }
    return () => chart?.destroy()
  }, [config])

  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvasRef} role="img" aria-label={label}>
        {label}
      </canvas>
    </div>
  )
}
