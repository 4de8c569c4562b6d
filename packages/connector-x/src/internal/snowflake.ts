// X ids are Snowflakes: milliseconds since the Twitter epoch (2010-11-04T01:42:54.657Z) shifted
// left by 22 bits, then worker and sequence bits.
// Source: https://github.com/twitter-archive/snowflake (README, "Solution") and X's docs on
// "Twitter IDs" (https://docs.x.com/resources/fundamentals/x-ids).
const EPOCH = 1288834974657n

export const isSnowflake = (id: string): boolean => /^\d{1,20}$/.test(id)

export const timeOf = (id: string): number => Number((BigInt(id) >> 22n) + EPOCH)

export const fromTime = (millis: number, sequence = 0): string =>
  (((BigInt(Math.floor(millis)) - EPOCH) << 22n) | BigInt(sequence & 0x3fffff)).toString()

export const compare = (a: string, b: string): number => {
  const x = BigInt(a)
  const y = BigInt(b)
  return x < y ? -1 : x > y ? 1 : 0
}

export const max = (ids: Iterable<string>): string | undefined => {
  let best: string | undefined
  for (const id of ids) if (isSnowflake(id) && (best === undefined || compare(id, best) > 0)) best = id
  return best
}
