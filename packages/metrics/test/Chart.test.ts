import { describe, expect, it } from "@effect/vitest"
import { compile } from "vega-lite"
import { Chart } from "../src/index.ts"

// Every helper must produce a spec that Vega-Lite itself compiles to a Vega spec.
const compiles = (spec: Chart.VegaLiteSpec) => {
  const { spec: vega } = compile(spec as unknown as Parameters<typeof compile>[0])
  expect(vega.marks?.length ?? 0).toBeGreaterThan(0)
  expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v6.json")
}

describe("Chart", () => {
  it("bar", () => {
    const spec = Chart.bar({ data: [{ c: "a", n: 1 }], x: "c", y: "n", color: "c", sort: "-y", title: "t" })
    compiles(spec)
    expect(spec.encoding).toMatchObject({
      x: { field: "c", sort: "-y" },
      y: { field: "n" },
      color: { field: "c" }
    })
    expect(spec.title).toBe("t")
  })

  it("intervals", () => {
    compiles(
      Chart.intervals({
        data: [{ g: "a", e: 1, lo: 0, hi: 2 }],
        category: "g",
        estimate: "e",
        lower: "lo",
        upper: "hi"
      })
    )
  })

  it("line with and without band, stepped", () => {
    const banded = Chart.line({
      data: [{ t: 0, s: 1, lo: 1, hi: 1 }],
      x: "t",
      y: "s",
      band: { lower: "lo", upper: "hi" },
      step: true,
      series: "g"
    })
    compiles(banded)
    expect(
      (banded.layer as Array<{ mark: { interpolate?: string } }>).map((l) => l.mark.interpolate)
    ).toEqual(["step-after", "step-after"])
    compiles(Chart.line({ data: [{ t: "2024-01-01", s: 1 }], x: "t", y: "s", xType: "temporal" }))
  })

  it("axis titles name what the axes show; a band does not add its field to the title", () => {
    const axes = (spec: Chart.VegaLiteSpec) => {
      const { spec: vega } = compile(spec as unknown as Parameters<typeof compile>[0])
      return (vega.axes ?? [])
        .filter((a) => a.title !== undefined)
        .map((a) => [a.orient, a.title])
        .sort()
    }
    const data = [{ t: 0, s: 1, lo: 1, hi: 1 }]
    const band = { lower: "lo", upper: "hi" }
    expect(
      axes(Chart.line({ data, x: "t", y: "s", band, xTitle: "months since the start", yTitle: "share" }))
    ).toEqual([
      ["bottom", "months since the start"],
      ["left", "share"]
    ])
    expect(axes(Chart.line({ data, x: "t", y: "s", band }))).toEqual([
      ["bottom", "t"],
      ["left", "s"]
    ])
    const bar = Chart.bar({ data: [{ c: "a long channel name", n: 1 }], x: "c", y: "n", xTitle: "channel" })
    const { spec: vega } = compile(bar as unknown as Parameters<typeof compile>[0])
    const bottom = (vega.axes ?? []).find((a) => a.orient === "bottom" && a.title !== undefined)
    expect(bottom?.title).toBe("channel")
    expect(bottom?.labelAngle).toBe(325) // -35°, as Vega normalises it
  })

  it("heatmap", () => {
    compiles(Chart.heatmap({ data: [{ x: 0, y: "a", v: 0.5 }], x: "x", y: "y", value: "v", format: ".0%" }))
  })

  it("quadrant: mid rules, points, labels and corner captions", () => {
    const data = [
      { item: "a", x: 10, y: 80, c: "yes" },
      { item: "b", x: 40, y: 20, c: "no" }
    ]
    const plain = Chart.quadrant({ data, x: "x", y: "y", label: "item", xMid: 25, yMid: 50 })
    compiles(plain)
    expect((plain.layer as unknown[]).length).toBe(4)
    const full = Chart.quadrant({
      data,
      x: "x",
      y: "y",
      label: "item",
      xMid: 25,
      yMid: 50,
      color: "c",
      quadrants: { topLeft: "tl", topRight: "tr", bottomLeft: "bl", bottomRight: "br" }
    })
    compiles(full)
    const captions = (full.layer as Array<{ data: { values: Array<Record<string, unknown>> } }>)
      .slice(4)
      .map((l) => l.data.values[0])
    // Corners of the data's extent (including the mid lines).
    expect(captions).toEqual([
      { x: 10, y: 80, caption: "tl" },
      { x: 40, y: 80, caption: "tr" },
      { x: 10, y: 20, caption: "bl" },
      { x: 40, y: 20, caption: "br" }
    ])
  })
})
