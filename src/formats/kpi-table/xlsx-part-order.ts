/**
 * @module xlsx part order for the streaming reader
 * exceljs' streaming reader reads a worksheet as it arrives only when the workbook's relations and its
 * shared strings came before it in the zip. Excel writes them after the worksheets, and then the reader
 * first copies every worksheet to a temporary file — which it leaves behind in the temp folder when
 * reading stops early (a refused cell, a damaged sheet: hundreds of files after one fuzzing run). The
 * same zip with those parts moved to the front (every record copied as it is, the directory's offsets
 * rewritten), and an empty shared-strings part added when the workbook has none, is read straight
 * through with nothing written to disk.
 */
import { crc32 } from 'node:zlib';
import { centralDirectory, type ZipEntry } from '../file-limits.ts';

/** The parts the reader must have seen before the first worksheet, in the order it reads them. */
const FIRST_PARTS = [
  'xl/_rels/workbook.xml.rels',
  'xl/workbook.xml',
  'xl/styles.xml',
  'xl/sharedStrings.xml',
];

const SHARED_STRINGS = 'xl/sharedStrings.xml';
const EMPTY_SHARED_STRINGS = new TextEncoder().encode(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/**
 * The xlsx with the parts exceljs' streaming reader needs first moved to the front. Call after
 * {@link checkZip} found the zip whole (records back to back, directory after them); anything else is
 * returned as it is.
 * @example const ordered = orderedForStreaming(bytes);
 */
export function orderedForStreaming(bytes: Uint8Array): Uint8Array {
  const directory = centralDirectory(bytes);
  if (!directory) return bytes;
  const byOffset = [...directory.entries].sort((a, b) => a.localOffset - b.localOffset);
  const recordEnd = new Map<ZipEntry, number>(
    byOffset.map((entry, i) => [entry, byOffset[i + 1]?.localOffset ?? directory.offset]),
  );
  const first = FIRST_PARTS.flatMap((name) => byOffset.filter((e) => e.name === name));
  const order = [...first, ...byOffset.filter((e) => !first.includes(e))];

  const records: Uint8Array[] = [];
  const directoryRecords: Uint8Array[] = [];
  let at = 0;
  const add = (record: Uint8Array, directoryRecord: Uint8Array) => {
    // The directory record's offset of its local record (field at 42).
    new DataView(directoryRecord.buffer, directoryRecord.byteOffset).setUint32(42, at, true);
    records.push(record);
    directoryRecords.push(directoryRecord);
    at += record.byteLength;
  };
  for (const [i, entry] of order.entries()) {
    add(
      bytes.subarray(entry.localOffset, recordEnd.get(entry)),
      bytes.slice(entry.directoryAt, entry.directoryAt + entry.directoryLength),
    );
    // An empty shared-strings part right after the parts that come first, when the workbook has none.
    if (i === first.length - 1 && !first.some((e) => e.name === SHARED_STRINGS)) add(...storedPart());
  }
  if (first.length === 0) add(...storedPart());

  const directoryStart = at;
  const directorySize = directoryRecords.reduce((sum, r) => sum + r.byteLength, 0);
  const end = bytes.slice(directory.end, bytes.byteLength);
  const endView = new DataView(end.buffer, end.byteOffset);
  endView.setUint16(8, directoryRecords.length, true);
  endView.setUint16(10, directoryRecords.length, true);
  endView.setUint32(12, directorySize, true);
  endView.setUint32(16, directoryStart, true);
  return Buffer.concat([...records, ...directoryRecords, end]);
}

/** The local and directory records of an empty shared-strings part, stored (not compressed). */
function storedPart(): [Uint8Array, Uint8Array] {
  const name = new TextEncoder().encode(SHARED_STRINGS);
  const data = EMPTY_SHARED_STRINGS;
  const crc = crc32(data);
  const local = new Uint8Array(30 + name.byteLength + data.byteLength);
  const l = new DataView(local.buffer);
  l.setUint32(0, 0x04034b50, true);
  l.setUint16(4, 20, true); // version needed: 2.0
  l.setUint16(12, 0x21, true); // date: 1980-01-01
  l.setUint32(14, crc, true);
  l.setUint32(18, data.byteLength, true);
  l.setUint32(22, data.byteLength, true);
  l.setUint16(26, name.byteLength, true);
  local.set(name, 30);
  local.set(data, 30 + name.byteLength);
  const central = new Uint8Array(46 + name.byteLength);
  const c = new DataView(central.buffer);
  c.setUint32(0, 0x02014b50, true);
  c.setUint16(4, 20, true);
  c.setUint16(6, 20, true);
  c.setUint16(14, 0x21, true);
  c.setUint32(16, crc, true);
  c.setUint32(20, data.byteLength, true);
  c.setUint32(24, data.byteLength, true);
  c.setUint16(28, name.byteLength, true);
  central.set(name, 46);
  return [local, central];
}
