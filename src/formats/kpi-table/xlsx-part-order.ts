/**
 * @module xlsx parts for the streaming reader
 * exceljs' streaming reader finds a workbook's parts by fixed names, and reads a worksheet as it
 * arrives only when the workbook's relations and shared strings came before it in the zip. Real files
 * break those expectations in four ways:
 * - Excel writes the relations and shared strings after the worksheets. The reader then first copies
 *   every worksheet to a temporary file, and leaves it behind in the temp folder when reading stops
 *   early (a refused cell, a damaged sheet: hundreds of files after one fuzzing run).
 * - Other writers (.NET's Open XML SDK among them) name parts freely and point to them by absolute
 *   paths (`/xl/worksheets/sheet.xml`). The reader then skips a worksheet not named `sheetN.xml` (an
 *   empty book), and names one it cannot match by relation `Sheet1` instead of its tab's name.
 * - Japanese Excel keeps the reading of a text typed through the IME in the shared strings, and the
 *   reader takes the reading for the text (see {@link withoutPhoneticRuns}).
 * - The Open XML SDK writes elements with a prefix (`<x:row>`); the reader knows them only without
 *   one, and fails (see {@link PrefixedParts}).
 * So the zip is rewritten: the needed parts first (every record copied as it is, the directory's
 * offsets rewritten), an empty shared-strings part when the workbook has none, and, only for a file
 * that needs it, worksheets, styles and shared strings under the names the reader expects, with the
 * workbook's relations pointing to them, shared strings without their readings, and parts without
 * their element prefix.
 */
import { posix } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { centralDirectory, packedData, type ZipEntry } from '../file-limits.ts';

/** The parts the reader must have seen before the first worksheet, in the order it reads them. */
const FIRST_PARTS = [
  'xl/_rels/workbook.xml.rels',
  'xl/workbook.xml',
  'xl/styles.xml',
  'xl/sharedStrings.xml',
];

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const STYLES = 'xl/styles.xml';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** Worksheet part names the reader knows; the number is its part number (not the tab's position). */
const WORKSHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const EMPTY_SHARED_STRINGS = new TextEncoder().encode(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/** The rewritten xlsx, and the original name of each part that was renamed (by its new name). */
export interface StreamingParts {
  bytes: Uint8Array;
  originalNames: Map<string, string>;
}

/**
 * The xlsx as exceljs' streaming reader needs it (see the module comment). Call after
 * {@link checkZip} found the zip whole (records back to back, directory after them); anything else is
 * returned as it is.
 * @example const { bytes: ordered } = preparedForStreaming(bytes);
 */
export function preparedForStreaming(bytes: Uint8Array, prefixed?: PrefixedParts): StreamingParts {
  const directory = centralDirectory(bytes);
  const originalNames = new Map<string, string>();
  if (!directory) return { bytes, originalNames };
  const byOffset = [...directory.entries].sort((a, b) => a.localOffset - b.localOffset);
  const recordEnd = new Map<ZipEntry, number>(
    byOffset.map((entry, i) => [entry, byOffset[i + 1]?.localOffset ?? directory.offset]),
  );
  const plan = canonicalNames(bytes, byOffset);
  const nameOf = (entry: ZipEntry) => plan?.names.get(entry) ?? entry.name;
  for (const entry of byOffset)
    if (nameOf(entry) !== entry.name) originalNames.set(nameOf(entry), entry.name);
  const first = FIRST_PARTS.flatMap((name) => byOffset.filter((e) => nameOf(e) === name));
  const order = [...first, ...byOffset.filter((e) => !first.includes(e))];

  const records: Uint8Array[] = [];
  const directoryRecords: Uint8Array[] = [];
  let at = 0;
  const add = (record: Uint8Array | Uint8Array[], directoryRecord: Uint8Array) => {
    // The directory record's offset of its local record (field at 42).
    new DataView(directoryRecord.buffer, directoryRecord.byteOffset).setUint32(42, at, true);
    for (const piece of Array.isArray(record) ? record : [record]) {
      records.push(piece);
      at += piece.byteLength;
    }
    directoryRecords.push(directoryRecord);
  };
  const hasSharedStrings = first.some((e) => nameOf(e) === SHARED_STRINGS);
  for (const [i, entry] of order.entries()) {
    const record = bytes.subarray(entry.localOffset, recordEnd.get(entry));
    const directoryRecord = bytes.slice(entry.directoryAt, entry.directoryAt + entry.directoryLength);
    const prefix = prefixed?.of(entry.name);
    const unprefixed = prefix ? withoutPrefix(bytes, entry, prefix) : null;
    const plain = nameOf(entry) === SHARED_STRINGS ? withoutPhoneticRuns(bytes, entry, unprefixed) : null;
    if (plan?.rels && nameOf(entry) === WORKBOOK_RELS) add(...storedPart(WORKBOOK_RELS, plan.rels));
    else if (plain) add(...storedPart(nameOf(entry), plain));
    else if (unprefixed) add(...storedPart(nameOf(entry), unprefixed));
    else if (nameOf(entry) !== entry.name) add(...renamed(record, directoryRecord, nameOf(entry)));
    else add(record, directoryRecord);
    // An empty shared-strings part right after the parts that come first, when the workbook has none.
    if (i === first.length - 1 && !hasSharedStrings) add(...storedPart(SHARED_STRINGS, EMPTY_SHARED_STRINGS));
  }
  if (first.length === 0) add(...storedPart(SHARED_STRINGS, EMPTY_SHARED_STRINGS));

  const directoryStart = at;
  const directorySize = directoryRecords.reduce((sum, r) => sum + r.byteLength, 0);
  const end = bytes.slice(directory.end, bytes.byteLength);
  const endView = new DataView(end.buffer, end.byteOffset);
  endView.setUint16(8, directoryRecords.length, true);
  endView.setUint16(10, directoryRecords.length, true);
  endView.setUint32(12, directorySize, true);
  endView.setUint32(16, directoryStart, true);
  return { bytes: Buffer.concat([...records, ...directoryRecords, end]), originalNames };
}

interface Relationship {
  attributes: Array<[string, string]>;
  type: string;
  target: string;
}

/**
 * The names the reader expects for the workbook, its relations, styles, shared strings and
 * worksheets, where a part has another; and the workbook's relations rewritten to point to them.
 * Null for the usual file, whose parts are named so already (it is then copied as it is).
 */
function canonicalNames(
  bytes: Uint8Array,
  entries: ZipEntry[],
): { names: Map<ZipEntry, string>; rels: Uint8Array | undefined } | null {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const packageRels = relationshipsOf(bytes, byName.get('_rels/.rels'));
  const office = packageRels?.find((r) => r.type.endsWith('/officeDocument'));
  const workbookName = office ? partName('', office.target) : WORKBOOK;
  const relsName = posix.join(posix.dirname(workbookName), '_rels', `${posix.basename(workbookName)}.rels`);
  const relations = relationshipsOf(bytes, byName.get(relsName));
  if (!relations) return null;
  const names = new Map<ZipEntry, string>();
  const rename = (from: string, to: string) => {
    const entry = byName.get(from);
    if (entry && from !== to) names.set(entry, to);
  };
  rename(workbookName, WORKBOOK);
  rename(relsName, WORKBOOK_RELS);
  const taken = new Set(
    entries.map((e) => WORKSHEET_PART.exec(e.name)?.[1]).filter((n): n is string => n !== undefined),
  );
  let next = 1;
  let rewrite = false;
  const workbookDir = posix.dirname(workbookName);
  for (const relation of relations) {
    if (relation.attributes.some(([k, v]) => k === 'TargetMode' && v === 'External')) continue;
    const part = partName(workbookDir, relation.target);
    const kind = relation.type.slice(relation.type.lastIndexOf('/') + 1);
    let target: string | undefined;
    if (kind === 'worksheet') {
      if (WORKSHEET_PART.test(part)) target = part;
      else {
        while (taken.has(String(next))) next++;
        taken.add(String(next));
        target = `xl/worksheets/sheet${next}.xml`;
      }
    } else if (kind === 'styles') target = STYLES;
    else if (kind === 'sharedStrings') target = SHARED_STRINGS;
    if (target === undefined) continue;
    // A part already under that name that the workbook does not use as such moves aside.
    const squatter = byName.get(target);
    if (squatter && target !== part && !names.has(squatter)) names.set(squatter, setAside(squatter.name));
    rename(part, target);
    const relative = posix.relative('xl', target);
    if (relation.target !== relative) {
      relation.target = relative;
      rewrite = true;
    }
  }
  // A part named like a worksheet that no tab uses would be read as a sheet of its own: moved aside.
  const sheets = new Set(names.values());
  for (const entry of entries) {
    if (WORKSHEET_PART.test(entry.name) && !names.has(entry) && !sheets.has(entry.name)) {
      const used = relations.some((r) => partName(workbookDir, r.target) === entry.name);
      if (!used) names.set(entry, setAside(entry.name));
    }
  }
  if (names.size === 0 && !rewrite) return null;
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relations
      .map(
        (r) =>
          `<Relationship${r.attributes
            .map(([k, v]) => ` ${k}="${k === 'Target' ? escapeAttribute(r.target) : v}"`)
            .join('')}/>`,
      )
      .join('')}</Relationships>`;
  return { names, rels: rewrite ? new TextEncoder().encode(xml) : undefined };
}

/** A phonetic run (ふりがな) of a shared string, with its reading: `<rPh sb="0" eb="3"><t>ミネシ</t></rPh>`. */
const PHONETIC_RUN = /<(?:[A-Za-z_][\w.-]*:)?rPh\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:[A-Za-z_][\w.-]*:)?rPh\s*>)/g;

/**
 * The shared strings without their phonetic runs, or null when they have none. Japanese Excel stores
 * the reading typed through the IME beside a text (`<si><t>美祢市</t><rPh …><t>ミネシ</t></rPh></si>`),
 * and exceljs' streaming reader keeps the last `<t>` of a plain string: every such cell read as its
 * reading (「ミネシ」 for 「美祢市」). Excel shows the text, so the readings go.
 */
function withoutPhoneticRuns(bytes: Uint8Array, entry: ZipEntry, content?: Buffer | null): Uint8Array | null {
  const raw = content ?? partBytes(bytes, entry);
  // Searched as bytes first: most workbooks have no readings, and need no text decoded.
  if (raw === null || raw.indexOf('rPh') < 0) return null;
  return new TextEncoder().encode(new TextDecoder().decode(raw).replace(PHONETIC_RUN, ''));
}

/** Namespaces whose elements the reader knows by their bare names (transitional and strict). */
const KNOWN_NAMESPACES = [
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://purl.oclc.org/ooxml/spreadsheetml/main',
  'http://schemas.openxmlformats.org/package/2006/relationships',
];

/**
 * The parts whose root element carries a prefix bound to SpreadsheetML or to package relationships
 * (`<x:worksheet xmlns:x="…spreadsheetml/2006/main">`, as the Open XML SDK writes), found from the
 * first bytes of each part while {@link checkZip} inflates it anyway.
 */
export class PrefixedParts {
  private readonly prefixes = new Map<string, string>();

  readonly observe = (entryName: string): ((chunk: Buffer) => void) | undefined => {
    if (!/\.(xml|rels)$/.test(entryName)) return undefined;
    let head = '';
    let done = false;
    return (chunk) => {
      if (done) return;
      head += chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
      // The root element follows the declaration (and perhaps a comment) within the first bytes.
      const root = /<(?![?!])([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*\b([^>]*)>/.exec(head);
      if (!root && head.length < 4096) return;
      done = true;
      const prefix = root?.[1]?.slice(0, -1);
      if (!prefix) return;
      const declared = new RegExp(`\\bxmlns:${prefix.replace(/\./g, '\\.')}\\s*=\\s*["']([^"']*)["']`).exec(
        root?.[2] ?? '',
      );
      if (declared && KNOWN_NAMESPACES.includes(declared[1] ?? '')) this.prefixes.set(entryName, prefix);
    };
  };

  /** The prefix of a part's elements, by its name in the file as uploaded; undefined when it has none. */
  of(entryName: string): string | undefined {
    return this.prefixes.get(entryName);
  }
}

/**
 * A part's content with `prefix:` taken off every element name (`<x:c>` → `<c>`, `</x:c>` → `</c>`),
 * worked on bytes so that a large sheet is never turned into a string. Element names are the only
 * places `<x:` can occur: text and attribute values escape `<`.
 */
function withoutPrefix(bytes: Uint8Array, entry: ZipEntry, prefix: string): Buffer | null {
  const content = partBytes(bytes, entry);
  if (!content) return null;
  const marker = Buffer.from(`${prefix}:`, 'latin1');
  // Copied into one buffer piece by piece: a large sheet has millions of elements, too many to keep
  // a slice of each.
  const output = Buffer.allocUnsafe(content.length);
  let written = 0;
  let from = 0;
  for (let at = content.indexOf(marker); at >= 0; at = content.indexOf(marker, at + 1)) {
    const before = content[at - 1];
    const opensElement = before === 0x3c || (before === 0x2f && content[at - 2] === 0x3c); // '<' or '</'
    if (!opensElement) continue;
    written += content.copy(output, written, from, at);
    from = at + marker.length;
  }
  written += content.copy(output, written, from);
  return output.subarray(0, written);
}

/** A name for a part the reader must not take for one of its own (it matches names anywhere in a path). */
const setAside = (name: string) => `unused/${name.replaceAll('/', '_')}`;

/** A relation's target as a part name: absolute (`/xl/a.xml`) or relative to the source's folder. */
function partName(sourceDir: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURI(target);
  } catch {
    // Not percent-encoded after all: taken as written.
  }
  return decoded.startsWith('/')
    ? posix.normalize(decoded.slice(1))
    : posix.normalize(posix.join(sourceDir, decoded));
}

/** The relationships of a `.rels` part (attributes as written, values still escaped), or null. */
function relationshipsOf(bytes: Uint8Array, entry: ZipEntry | undefined): Relationship[] | null {
  const text = entry && partText(bytes, entry);
  if (!text) return null;
  const relations: Relationship[] = [];
  for (const tag of text.matchAll(/<(?:[A-Za-z_][\w.-]*:)?Relationship\b([^>]*?)\/?>/g)) {
    const attributes = [...(tag[1] ?? '').matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map(
      (a): [string, string] => [a[1] ?? '', a[2] ?? a[3] ?? ''],
    );
    const value = (key: string) => attributes.find(([k]) => k === key)?.[1] ?? '';
    // Every relation is kept (a rewritten part lists them all); only some are renamed.
    relations.push({ attributes, type: value('Type'), target: unescapeAttribute(value('Target')) });
  }
  return relations;
}

/** A part's content (checkZip has bounded its size already), or null when it cannot be read. */
function partBytes(bytes: Uint8Array, entry: ZipEntry): Buffer | null {
  const data = packedData(bytes, entry);
  if (!data) return null;
  try {
    if (entry.method === 8) return inflateRawSync(data);
    return entry.method === 0 ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : null;
  } catch {
    return null;
  }
}

/** A part's text, or null when it cannot be read. */
function partText(bytes: Uint8Array, entry: ZipEntry): string | null {
  const raw = partBytes(bytes, entry);
  return raw ? new TextDecoder().decode(raw) : null;
}

const unescapeAttribute = (value: string) =>
  value
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
const escapeAttribute = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** A record and its directory record under another name (the data, extra fields and sizes kept). */
function renamed(record: Uint8Array, directoryRecord: Uint8Array, name: string): [Uint8Array, Uint8Array] {
  const encoded = new TextEncoder().encode(name);
  const local = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const oldLocalName = local.getUint16(26, true);
  const newLocal = Buffer.concat([record.subarray(0, 30), encoded, record.subarray(30 + oldLocalName)]);
  new DataView(newLocal.buffer, newLocal.byteOffset).setUint16(26, encoded.byteLength, true);
  const central = new DataView(
    directoryRecord.buffer,
    directoryRecord.byteOffset,
    directoryRecord.byteLength,
  );
  const oldCentralName = central.getUint16(28, true);
  const newCentral = Buffer.concat([
    directoryRecord.subarray(0, 46),
    encoded,
    directoryRecord.subarray(46 + oldCentralName),
  ]);
  new DataView(newCentral.buffer, newCentral.byteOffset).setUint16(28, encoded.byteLength, true);
  // The name is UTF-8 when bit 11 says so; the canonical names are ASCII either way.
  return [newLocal, newCentral];
}

/** The local record (header, then the content) and directory record of a part stored, not compressed. */
function storedPart(partName: string, data: Uint8Array): [Uint8Array[], Uint8Array] {
  const name = new TextEncoder().encode(partName);
  const crc = crc32(data);
  // The header apart from the data: a rewritten sheet can be large, and is copied once, into the zip.
  const local = new Uint8Array(30 + name.byteLength);
  const l = new DataView(local.buffer);
  l.setUint32(0, 0x04034b50, true);
  l.setUint16(4, 20, true); // version needed: 2.0
  l.setUint16(12, 0x21, true); // date: 1980-01-01
  l.setUint32(14, crc, true);
  l.setUint32(18, data.byteLength, true);
  l.setUint32(22, data.byteLength, true);
  l.setUint16(26, name.byteLength, true);
  local.set(name, 30);
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
  return [[local, data], central];
}
