// Readers for the reference data in data/ at the repository root (see data/*/README.md).
import { readFileSync } from "node:fs"

const root = new URL("../../../../data/", import.meta.url)

const csv = (path: string): Array<Array<string>> =>
  readFileSync(new URL(path, root), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(","))

/** cdnow_customers_summary.csv: calibration x, t_x, T in weeks (2 decimals). */
export const cdnowSummary = () =>
  csv("cdnow/cdnow_customers_summary.csv").map(([id, frequency, recency, T]) => ({
    id: Number(id),
    frequency: Number(frequency),
    recency: Number(recency),
    T: Number(T)
  }))

/** cdnow_customers_summary_with_transactions.csv: adds zbar (mean repeat value). */
export const cdnowSpend = () =>
  csv("cdnow/cdnow_customers_summary_with_transactions.csv").map(([id, x, tx, T, zbar]) => ({
    id: Number(id),
    frequency: Number(x),
    recency: Number(tx),
    T: Number(T),
    monetaryValue: Number(zbar)
  }))

/** CDNOW_sample.txt as transactions (sample customer id, ISO date, dollar value). */
export const cdnowTransactions = () =>
  readFileSync(new URL("cdnow/CDNOW_sample.txt", root), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const [, id, date, , value] = line.trim().split(/\s+/) as [string, string, string, string, string]
      return {
        customerId: String(Number(id)),
        timestamp: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
        amount: Number(value)
      }
    })

/** donations.csv: frequency, recency, periods, weights. */
export const donations = () =>
  csv("donations/donations.csv").map(([frequency, recency, periods, weight]) => ({
    frequency: Number(frequency),
    recency: Number(recency),
    periods: Number(periods),
    weight: Number(weight)
  }))
