// Two data sets of R's `datasets` package, copied with attribution for the key-driver tests.

/**
 * `mtcars`: fuel consumption and ten aspects of design and performance of 32 cars (1973–74
 * models), from the 1974 Motor Trend US magazine, as published in Henderson, H. V. & Velleman,
 * P. F. (1981), "Building multiple regression models interactively", Biometrics 37, 391–411, and
 * distributed with R (R Core Team, package `datasets`). The columns kept here: mpg, cyl, disp,
 * hp, wt, gear.
 */
const MTCARS: ReadonlyArray<readonly [string, number, number, number, number, number, number]> = [
  ["Mazda RX4", 21, 6, 160, 110, 2.62, 4],
  ["Mazda RX4 Wag", 21, 6, 160, 110, 2.875, 4],
  ["Datsun 710", 22.8, 4, 108, 93, 2.32, 4],
  ["Hornet 4 Drive", 21.4, 6, 258, 110, 3.215, 3],
  ["Hornet Sportabout", 18.7, 8, 360, 175, 3.44, 3],
  ["Valiant", 18.1, 6, 225, 105, 3.46, 3],
  ["Duster 360", 14.3, 8, 360, 245, 3.57, 3],
  ["Merc 240D", 24.4, 4, 146.7, 62, 3.19, 4],
  ["Merc 230", 22.8, 4, 140.8, 95, 3.15, 4],
  ["Merc 280", 19.2, 6, 167.6, 123, 3.44, 4],
  ["Merc 280C", 17.8, 6, 167.6, 123, 3.44, 4],
  ["Merc 450SE", 16.4, 8, 275.8, 180, 4.07, 3],
  ["Merc 450SL", 17.3, 8, 275.8, 180, 3.73, 3],
  ["Merc 450SLC", 15.2, 8, 275.8, 180, 3.78, 3],
  ["Cadillac Fleetwood", 10.4, 8, 472, 205, 5.25, 3],
  ["Lincoln Continental", 10.4, 8, 460, 215, 5.424, 3],
  ["Chrysler Imperial", 14.7, 8, 440, 230, 5.345, 3],
  ["Fiat 128", 32.4, 4, 78.7, 66, 2.2, 4],
  ["Honda Civic", 30.4, 4, 75.7, 52, 1.615, 4],
  ["Toyota Corolla", 33.9, 4, 71.1, 65, 1.835, 4],
  ["Toyota Corona", 21.5, 4, 120.1, 97, 2.465, 3],
  ["Dodge Challenger", 15.5, 8, 318, 150, 3.52, 3],
  ["AMC Javelin", 15.2, 8, 304, 150, 3.435, 3],
  ["Camaro Z28", 13.3, 8, 350, 245, 3.84, 3],
  ["Pontiac Firebird", 19.2, 8, 400, 175, 3.845, 3],
  ["Fiat X1-9", 27.3, 4, 79, 66, 1.935, 4],
  ["Porsche 914-2", 26, 4, 120.3, 91, 2.14, 5],
  ["Lotus Europa", 30.4, 4, 95.1, 113, 1.513, 5],
  ["Ford Pantera L", 15.8, 8, 351, 264, 3.17, 5],
  ["Ferrari Dino", 19.7, 6, 145, 175, 2.77, 5],
  ["Maserati Bora", 15, 8, 301, 335, 3.57, 5],
  ["Volvo 142E", 21.4, 4, 121, 109, 2.78, 4]
]

export const mtcars = MTCARS.map(([model, mpg, cyl, disp, hp, wt, gear]) => ({
  model,
  mpg,
  cyl,
  disp,
  hp,
  wt,
  gear
}))

/**
 * `attitude`: a survey of the clerical employees of a large financial organisation, the
 * proportion of favourable responses to seven questions in each of 30 departments, from
 * Chatterjee, S. & Price, B. (1977), Regression Analysis by Example, Wiley, and distributed with
 * R (R Core Team, package `datasets`). Columns: rating (overall), complaints, privileges,
 * learning, raises, critical, advance.
 */
const ATTITUDE: ReadonlyArray<readonly [number, number, number, number, number, number, number]> = [
  [43, 51, 30, 39, 61, 92, 45],
  [63, 64, 51, 54, 63, 73, 47],
  [71, 70, 68, 69, 76, 86, 48],
  [61, 63, 45, 47, 54, 84, 35],
  [81, 78, 56, 66, 71, 83, 47],
  [43, 55, 49, 44, 54, 49, 34],
  [58, 67, 42, 56, 66, 68, 35],
  [71, 75, 50, 55, 70, 66, 41],
  [72, 82, 72, 67, 71, 83, 31],
  [67, 61, 45, 47, 62, 80, 41],
  [64, 53, 53, 58, 58, 67, 34],
  [67, 60, 47, 39, 59, 74, 41],
  [69, 62, 57, 42, 55, 63, 25],
  [68, 83, 83, 45, 59, 77, 35],
  [77, 77, 54, 72, 79, 77, 46],
  [81, 90, 50, 72, 60, 54, 36],
  [74, 85, 64, 69, 79, 79, 63],
  [65, 60, 65, 75, 55, 80, 60],
  [65, 70, 46, 57, 75, 85, 46],
  [50, 58, 68, 54, 64, 78, 52],
  [50, 40, 33, 34, 43, 64, 33],
  [64, 61, 52, 62, 66, 80, 41],
  [53, 66, 52, 50, 63, 80, 37],
  [40, 37, 42, 58, 50, 57, 49],
  [63, 54, 42, 48, 66, 75, 33],
  [66, 77, 66, 63, 88, 76, 72],
  [78, 75, 58, 74, 80, 78, 49],
  [48, 57, 44, 45, 51, 83, 38],
  [85, 85, 71, 71, 77, 74, 55],
  [82, 82, 39, 59, 64, 78, 39]
]

export const attitude = ATTITUDE.map(
  ([rating, complaints, privileges, learning, raises, critical, advance]) => ({
    rating,
    complaints,
    privileges,
    learning,
    raises,
    critical,
    advance
  })
)
