// A small reader and writer of zip archives (PKWARE APPNOTE 6.3.10, sections 4.3.7 local file
// header, 4.3.12 central directory header, 4.3.16 end of central directory record:
// https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT), enough for Qualtrics' response
// export files: stored (method 0) and deflated (method 8) entries, no encryption, no zip64 (an
// export file is at most 1.8 GB). Entry sizes and offsets are read from the central directory,
// so entries written with a data descriptor (general purpose bit 3) are read too.
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib"

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50

/** A file of an archive. */
export interface Entry {
  readonly name: string
  readonly data: Uint8Array
}

/** Why an archive could not be read: the rule it broke. */
export class ZipError extends Error {
  override readonly name = "ZipError"
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** Reads every file of a zip archive (CRC-32 and sizes checked). Throws `ZipError`. */
export const read = (bytes: Uint8Array): Array<Entry> => {
  const data = view(bytes)
  // the end record is the last 22 bytes, followed by a comment of at most 65,535 bytes
  let end = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (data.getUint32(i, true) === END) {
      end = i
      break
    }
  }
  if (end < 0) throw new ZipError("no end of central directory record: not a zip archive")
  const count = data.getUint16(end + 10, true)
  const size = data.getUint32(end + 12, true)
  const offset = data.getUint32(end + 16, true)
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    throw new ZipError("a zip64 archive (more than 65,535 entries or 4 GB), which this reader does not read")
  }
  if (offset + size > end)
    throw new ZipError(`the central directory (offset ${offset}) lies outside the archive`)
  const entries: Array<Entry> = []
  let at = offset
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || data.getUint32(at, true) !== CENTRAL) {
      throw new ZipError(`central directory entry ${n} at offset ${at} has no signature`)
    }
    const flags = data.getUint16(at + 8, true)
    const method = data.getUint16(at + 10, true)
    const crc = data.getUint32(at + 16, true)
    const compressed = data.getUint32(at + 20, true)
    const uncompressed = data.getUint32(at + 24, true)
    const nameLength = data.getUint16(at + 28, true)
    const extraLength = data.getUint16(at + 30, true)
    const commentLength = data.getUint16(at + 32, true)
    const local = data.getUint32(at + 42, true)
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength))
    at += 46 + nameLength + extraLength + commentLength
    if ((flags & 1) !== 0) throw new ZipError(`entry "${name}" is encrypted`)
    if (local + 30 > bytes.length || data.getUint32(local, true) !== LOCAL) {
      throw new ZipError(`entry "${name}" has no local header at offset ${local}`)
    }
    const start = local + 30 + data.getUint16(local + 26, true) + data.getUint16(local + 28, true)
    if (start + compressed > bytes.length) throw new ZipError(`entry "${name}" is truncated`)
    const raw = bytes.subarray(start, start + compressed)
    let content: Uint8Array
    if (method === 0) content = raw
    else if (method === 8) {
      try {
        content = new Uint8Array(inflateRawSync(raw))
      } catch (error) {
        throw new ZipError(`entry "${name}" does not inflate: ${(error as Error).message}`)
      }
    } else throw new ZipError(`entry "${name}" uses compression method ${method} (only 0 and 8 are read)`)
    if (content.length !== uncompressed) {
      throw new ZipError(`entry "${name}" has ${content.length} bytes, its header says ${uncompressed}`)
    }
    if (crc32(content) >>> 0 !== crc) throw new ZipError(`entry "${name}" fails its CRC-32 check`)
    entries.push({ name, data: content })
  }
  return entries
}

/** Writes a zip archive (deflated entries, or stored with `store`), dated 1980-01-01 so the bytes are reproducible. */
export const write = (
  entries: ReadonlyArray<Entry>,
  options: { readonly store?: boolean } = {}
): Uint8Array => {
  const locals: Array<Uint8Array> = []
  const centrals: Array<Uint8Array> = []
  let offset = 0
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name)
    const body = options.store === true ? entry.data : new Uint8Array(deflateRawSync(entry.data))
    const method = options.store === true ? 0 : 8
    const crc = crc32(entry.data) >>> 0
    const header = new Uint8Array(30 + name.length)
    const h = view(header)
    h.setUint32(0, LOCAL, true)
    h.setUint16(4, 20, true) // version needed: 2.0 (deflate)
    h.setUint16(6, 0x0800, true) // names in UTF-8
    h.setUint16(8, method, true)
    h.setUint16(10, 0, true) // 00:00
    h.setUint16(12, (0 << 9) | (1 << 5) | 1, true) // 1980-01-01
    h.setUint32(14, crc, true)
    h.setUint32(18, body.length, true)
    h.setUint32(22, entry.data.length, true)
    h.setUint16(26, name.length, true)
    h.setUint16(28, 0, true)
    header.set(name, 30)
    const central = new Uint8Array(46 + name.length)
    const c = view(central)
    c.setUint32(0, CENTRAL, true)
    c.setUint16(4, 20, true)
    c.setUint16(6, 20, true)
    c.setUint16(8, 0x0800, true)
    c.setUint16(10, method, true)
    c.setUint16(12, 0, true)
    c.setUint16(14, (0 << 9) | (1 << 5) | 1, true)
    c.setUint32(16, crc, true)
    c.setUint32(20, body.length, true)
    c.setUint32(24, entry.data.length, true)
    c.setUint16(28, name.length, true)
    c.setUint32(42, offset, true)
    central.set(name, 46)
    locals.push(header, body)
    centrals.push(central)
    offset += header.length + body.length
  }
  const directory = centrals.reduce((n, c) => n + c.length, 0)
  const endRecord = new Uint8Array(22)
  const e = view(endRecord)
  e.setUint32(0, END, true)
  e.setUint16(8, entries.length, true)
  e.setUint16(10, entries.length, true)
  e.setUint32(12, directory, true)
  e.setUint32(16, offset, true)
  const out = new Uint8Array(offset + directory + 22)
  let at = 0
  for (const part of [...locals, ...centrals, endRecord]) {
    out.set(part, at)
    at += part.length
  }
  return out
}
