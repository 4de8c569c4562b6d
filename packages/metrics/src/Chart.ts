/**
 * A Vega-Lite specification (https://vega.github.io/vega-lite/): plain JSON that notebooks
 * (Jupyter's Deno kernel, tslab, VS Code) display and `vega-embed` renders in a page.
 *
 * @module
 * @since 0.1.0
 * @category charts
 */
export interface VegaLiteSpec {
  readonly $schema: string
  readonly [key: string]: unknown
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

/** A row of chart data: field name to value. */
type Row = Readonly<Record<string, string | number | boolean | null | undefined>>

/**
 * Options shared by every chart: a title, the axis titles (default: the field names; name
 * them for what they show, e.g. "months since the start") and the size in pixels.
 *
 * @since 0.1.0
 * @category charts
 */
export interface ChartOptions {
  readonly title?: string
  readonly xTitle?: string
  readonly yTitle?: string
  readonly width?: number
  readonly height?: number
}

const axisTitle = (title: string | undefined) => (title === undefined ? {} : { title })

// Category labels on a horizontal axis are slanted, never turned on end (Vega-Lite turns long
// ones 90°, which nobody reads).
const categoryAxis = { axis: { labelAngle: -35 } }

const frame = (options: ChartOptions) => ({
  $schema: SCHEMA,
  ...(options.title === undefined ? {} : { title: options.title }),
  width: options.width ?? 480,
  height: options.height ?? 240
})

/**
 * A bar chart of one value per category, optionally split into side-by-side bars by a second
 * field (`color`).
 *
 * @example
 * ```ts
 * import { Chart } from "@cxkit/metrics"
 *
 * const spec = Chart.bar({
 *   data: [{ channel: "email", n: 94 }, { channel: "chat", n: 146 }],
 *   x: "channel", y: "n", title: "Touchpoints by channel"
 * })
 * console.log(spec.mark) // { type: "bar" }
 * ```
 *
 * @since 0.1.0
 * @category charts
 */
export const bar = (
  options: ChartOptions & {
    readonly data: ReadonlyArray<Row>
    readonly x: string
    readonly y: string
    readonly color?: string
    readonly sort?: "x" | "-y" | "none"
  }
): VegaLiteSpec => ({
  ...frame(options),
  data: { values: options.data },
  mark: { type: "bar" },
  encoding: {
    x: {
      field: options.x,
      type: "nominal",
      sort: options.sort === "none" ? null : options.sort === "-y" ? "-y" : "ascending",
      ...axisTitle(options.xTitle),
      ...categoryAxis
    },
    y: { field: options.y, type: "quantitative", ...axisTitle(options.yTitle) },
    // A colour field draws grouped (side-by-side) bars, not stacked ones.
    ...(options.color === undefined
      ? {}
      : {
          color: { field: options.color, type: "nominal" },
          xOffset: { field: options.color, type: "nominal" }
        })
  }
})

/**
 * Point estimates with confidence intervals per category (a dot and an error bar), the way
 * to compare NPS, CSAT or CES across channels or segments.
 *
 * @example
 * ```ts
 * import { Chart } from "@cxkit/metrics"
 *
 * const spec = Chart.intervals({
 *   data: [{ channel: "chat", nps: 32, lower: 18, upper: 46 }, { channel: "email", nps: 12, lower: -5, upper: 29 }],
 *   category: "channel", estimate: "nps", lower: "lower", upper: "upper", title: "NPS by channel (95% CI)"
 * })
 * console.log((spec.layer as unknown[]).length) // 2
 * ```
 *
 * @since 0.1.0
 * @category charts
 */
export const intervals = (
  options: ChartOptions & {
    readonly data: ReadonlyArray<Row>
    readonly category: string
    readonly estimate: string
    readonly lower: string
    readonly upper: string
  }
): VegaLiteSpec => ({
  ...frame(options),
  data: { values: options.data },
  encoding: { y: { field: options.category, type: "nominal", ...axisTitle(options.yTitle) } },
  layer: [
    {
      mark: { type: "rule" },
      encoding: {
        x: { field: options.lower, type: "quantitative", title: options.xTitle ?? options.estimate },
        x2: { field: options.upper }
      }
    },
    {
      mark: { type: "point", filled: true, size: 60 },
      encoding: { x: { field: options.estimate, type: "quantitative" } }
    }
  ]
})

/**
 * A line chart over a quantitative or temporal x, one line per `series`, with an optional
 * shaded band between `lower` and `upper` (a confidence band), and an optional step
 * interpolation (survival curves).
 *
 * @example
 * ```ts
 * import { Chart } from "@cxkit/metrics"
 *
 * const spec = Chart.line({
 *   data: [{ t: 0, s: 1, lo: 1, hi: 1 }, { t: 5, s: 0.8, lo: 0.6, hi: 0.9 }],
 *   x: "t", y: "s", band: { lower: "lo", upper: "hi" }, step: true, title: "Survival"
 * })
 * console.log((spec.layer as unknown[]).length) // 2
 * ```
 *
 * @since 0.1.0
 * @category charts
 */
export const line = (
  options: ChartOptions & {
    readonly data: ReadonlyArray<Row>
    readonly x: string
    readonly y: string
    readonly xType?: "quantitative" | "temporal" | "ordinal"
    readonly series?: string
    readonly band?: { readonly lower: string; readonly upper: string }
    readonly step?: boolean
  }
): VegaLiteSpec => {
  const x = { field: options.x, type: options.xType ?? "quantitative", ...axisTitle(options.xTitle) }
  const y = { field: options.y, type: "quantitative", ...axisTitle(options.yTitle) }
  const color = options.series === undefined ? {} : { color: { field: options.series, type: "nominal" } }
  const interpolate = options.step === true ? { interpolate: "step-after" } : {}
  const lineLayer = {
    mark: { type: "line", ...interpolate },
    encoding: { x, y, ...color }
  }
  return {
    ...frame(options),
    data: { values: options.data },
    layer:
      options.band === undefined
        ? [lineLayer]
        : [
            {
              mark: { type: "area", opacity: 0.2, ...interpolate },
              encoding: {
                x,
                y: {
                  field: options.band.lower,
                  type: "quantitative",
                  ...axisTitle(options.yTitle ?? options.y)
                },
                y2: { field: options.band.upper },
                ...color
              }
            },
            lineLayer
          ]
  }
}

/**
 * A heat map of a value over two categorical axes, e.g. a cohort retention table (cohort ×
 * period offset), with the value printed in each cell.
 *
 * @example
 * ```ts
 * import { Chart } from "@cxkit/metrics"
 *
 * const spec = Chart.heatmap({
 *   data: [{ cohort: "2024-01", offset: 0, retained: 1 }, { cohort: "2024-01", offset: 1, retained: 0.8 }],
 *   x: "offset", y: "cohort", value: "retained", format: ".0%", title: "Retention by cohort"
 * })
 * console.log((spec.layer as unknown[]).length) // 2
 * ```
 *
 * @since 0.1.0
 * @category charts
 */
export const heatmap = (
  options: ChartOptions & {
    readonly data: ReadonlyArray<Row>
    readonly x: string
    readonly y: string
    readonly value: string
    readonly format?: string
  }
): VegaLiteSpec => ({
  ...frame(options),
  data: { values: options.data },
  encoding: {
    x: { field: options.x, type: "ordinal", ...axisTitle(options.xTitle) },
    y: { field: options.y, type: "ordinal", ...axisTitle(options.yTitle) }
  },
  layer: [
    { mark: { type: "rect" }, encoding: { color: { field: options.value, type: "quantitative" } } },
    {
      mark: { type: "text", fontSize: 10 },
      encoding: { text: { field: options.value, type: "quantitative", format: options.format ?? ".2f" } }
    }
  ]
})

/**
 * An importance–performance quadrant (Martilla & James 1977, "Importance-performance
 * analysis", Journal of Marketing 41(1)): one labelled point per item at (`x`, `y`), a rule at
 * `xMid` and one at `yMid` splitting the plane in four, optional captions in the corners, and
 * an optional colour field. The key-driver chart (`KeyDrivers.chart`) is built on it.
 *
 * @example
 * ```ts
 * import { Chart } from "@cxkit/metrics"
 *
 * const spec = Chart.quadrant({
 *   data: [{ driver: "delivery", importance: 60, performance: 70 }, { driver: "price", importance: 40, performance: 40 }],
 *   x: "importance", y: "performance", label: "driver", xMid: 50, yMid: 55,
 *   quadrants: { topLeft: "maintain", topRight: "strengths", bottomLeft: "secondary", bottomRight: "fix first" }
 * })
 * console.log((spec.layer as unknown[]).length) // 8
 * ```
 *
 * @since 0.1.0
 * @category charts
 */
export const quadrant = (
  options: ChartOptions & {
    readonly data: ReadonlyArray<Row>
    readonly x: string
    readonly y: string
    readonly label: string
    readonly xMid: number
    readonly yMid: number
    readonly color?: string
    readonly quadrants?: {
      readonly topLeft: string
      readonly topRight: string
      readonly bottomLeft: string
      readonly bottomRight: string
    }
  }
): VegaLiteSpec => {
  const x = {
    field: options.x,
    type: "quantitative",
    title: options.xTitle ?? options.x,
    scale: { zero: false }
  }
  const y = {
    field: options.y,
    type: "quantitative",
    title: options.yTitle ?? options.y,
    scale: { zero: false }
  }
  const color = options.color === undefined ? {} : { color: { field: options.color, type: "nominal" } }
  const extent = (field: string, mid: number) => {
    const values = options.data.map((row) => row[field]).filter((v): v is number => typeof v === "number")
    return { low: Math.min(mid, ...values), high: Math.max(mid, ...values) }
  }
  const xs = extent(options.x, options.xMid)
  const ys = extent(options.y, options.yMid)
  const q = options.quadrants
  const captions =
    q === undefined
      ? []
      : [
          { text: q.topLeft, x: xs.low, y: ys.high, align: "left", baseline: "top" },
          { text: q.topRight, x: xs.high, y: ys.high, align: "right", baseline: "top" },
          { text: q.bottomLeft, x: xs.low, y: ys.low, align: "left", baseline: "bottom" },
          { text: q.bottomRight, x: xs.high, y: ys.low, align: "right", baseline: "bottom" }
        ].map((c) => ({
          data: { values: [{ [options.x]: c.x, [options.y]: c.y, caption: c.text }] },
          mark: { type: "text", align: c.align, baseline: c.baseline, color: "gray", fontStyle: "italic" },
          encoding: { x, y, text: { field: "caption", type: "nominal" } }
        }))
  return {
    ...frame(options),
    layer: [
      {
        data: { values: [{ [options.x]: options.xMid }] },
        mark: { type: "rule", strokeDash: [4, 4], color: "gray" },
        encoding: { x }
      },
      {
        data: { values: [{ [options.y]: options.yMid }] },
        mark: { type: "rule", strokeDash: [4, 4], color: "gray" },
        encoding: { y }
      },
      {
        data: { values: options.data },
        mark: { type: "point", filled: true, size: 80 },
        encoding: { x, y, ...color }
      },
      {
        data: { values: options.data },
        mark: { type: "text", align: "left", dx: 7 },
        encoding: { x, y, text: { field: options.label, type: "nominal" } }
      },
      ...captions
    ]
  }
}
