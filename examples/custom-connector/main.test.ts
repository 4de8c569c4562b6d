import { expect, it } from "vitest"
import { main } from "./main.ts"

it("syncs ReviewHub, then only what changed", async () => {
  const summary = await main()
  expect(summary).toEqual({
    firstRun: { reviews: 37, locations: 12 },
    secondRun: { reviews: ["Edited: much better now"], deleted: ["rev_0007"] }
  })
})
