/**
 * @module File limits
 * The limits every imported file is held to before it is unpacked or parsed: its size; for an xlsx
 * (a zip) the number of entries, their unpacked sizes and compression ratios, read from the central
 * directory and then checked while inflating into nothing (a declared size can lie); the rows,
 * columns and cell length of a sheet; the lines and line length of a CSV or Markdown text. Past a
 * limit the file is refused with a Japanese message naming the limit and the setting that raises it,
 * in bounded memory and well within a second — instead of minutes and gigabytes inside a parser.
 *
 * The defaults fit the largest real plans with room to spare (a city's KPI table is a few thousand
 * rows of a few dozen columns; a progress report a few hundred kB); each can be raised through the
 * environment (HOSHIN_IMPORT_MAX_*, see README「取り込むファイルの上限」).
 */
import { createInflateRaw } from 'node:zlib';

export interface FileLimits {
  /** Largest file read at all (bytes). */
  maxFileBytes: number;
  /** Largest Markdown file (bytes): a progress report is tens of kB. */
  maxMarkdownBytes: number;
  /** Largest total unpacked size of an xlsx (bytes). */
  maxUnpackedBytes: number;
  /** Largest unpacked ÷ packed ratio of one xlsx entry, for entries past {@link ratioFloorBytes}. */
  maxEntryRatio: number;
  /** Entries smaller than this unpacked are not held to the ratio (tiny XML compresses very well). */
  ratioFloorBytes: number;
  /** Most entries in an xlsx. */
  maxEntries: number;
  /** Most rows of a sheet or CSV. */
  maxRows: number;
  /** Most columns of a sheet or CSV. */
  maxColumns: number;
  /** Longest cell text (Excel's own cell limit). */
  maxCellChars: number;
  /** Longest line of a CSV or Markdown file (characters). */
  maxLineChars: number;
  /** Most lines of a Markdown file. */
  maxLines: number;
  /** Most cells merged ranges of an xlsx may fill (a merge over a whole sheet is billions). */
  maxMergedCells: number;
}

const MB = 1024 * 1024;

export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = {
  maxFileBytes: 50 * MB,
  maxMarkdownBytes: 5 * MB,
  maxUnpackedBytes: 200 * MB,
  maxEntryRatio: 100,
  ratioFloorBytes: 1 * MB,
  maxEntries: 10_000,
  maxRows: 200_000,
  maxColumns: 1_000,
  maxCellChars: 32_767,
  maxLineChars: 200_000,
  maxLines: 100_000,
  maxMergedCells: 2_000_000,
};

/** Each limit's setting and how the message names it. */
const SETTINGS: Record<keyof FileLimits, { env: string; label: (v: number) => string; mb?: true }> = {
  maxFileBytes: { env: 'HOSHIN_IMPORT_MAX_FILE_MB', label: (v) => `ファイルの大きさ ${mb(v)}`, mb: true },
  maxMarkdownBytes: {
    env: 'HOSHIN_IMPORT_MAX_MARKDOWN_MB',
    label: (v) => `Markdown ファイルの大きさ ${mb(v)}`,
    mb: true,
  },
  maxUnpackedBytes: {
    env: 'HOSHIN_IMPORT_MAX_UNPACKED_MB',
    label: (v) => `展開後の大きさ ${mb(v)}`,
    mb: true,
  },
  maxEntryRatio: { env: 'HOSHIN_IMPORT_MAX_RATIO', label: (v) => `圧縮率 ${v}:1` },
  ratioFloorBytes: { env: 'HOSHIN_IMPORT_RATIO_FLOOR_MB', label: (v) => `${mb(v)}`, mb: true },
  maxEntries: { env: 'HOSHIN_IMPORT_MAX_ENTRIES', label: (v) => `ファイル内の部品 ${v} 個` },
  maxRows: { env: 'HOSHIN_IMPORT_MAX_ROWS', label: (v) => `行数 ${v.toLocaleString('ja-JP')} 行` },
  maxColumns: { env: 'HOSHIN_IMPORT_MAX_COLUMNS', label: (v) => `列数 ${v.toLocaleString('ja-JP')} 列` },
  maxCellChars: {
    env: 'HOSHIN_IMPORT_MAX_CELL_CHARS',
    label: (v) => `セルの文字数 ${v.toLocaleString('ja-JP')} 文字`,
  },
  maxLineChars: {
    env: 'HOSHIN_IMPORT_MAX_LINE_CHARS',
    label: (v) => `1行の文字数 ${v.toLocaleString('ja-JP')} 文字`,
  },
  maxLines: { env: 'HOSHIN_IMPORT_MAX_LINES', label: (v) => `行数 ${v.toLocaleString('ja-JP')} 行` },
  maxMergedCells: {
    env: 'HOSHIN_IMPORT_MAX_MERGED_CELLS',
    label: (v) => `結合セル ${v.toLocaleString('ja-JP')} セル`,
  },
};

function mb(bytes: number): string {
  return `${Math.round((bytes / MB) * 10) / 10} MB`;
}

/**
 * The limits in force: the defaults, each replaced by its environment setting when that is a
 * positive number (sizes in MB).
 * @example fileLimits({ HOSHIN_IMPORT_MAX_ROWS: '500000' }).maxRows // 500000
 */
export function fileLimits(env: NodeJS.ProcessEnv = process.env): FileLimits {
  const limits = { ...DEFAULT_FILE_LIMITS };
  for (const key of Object.keys(SETTINGS) as Array<keyof FileLimits>) {
    const setting = SETTINGS[key];
    const raw = Number(env[setting.env]);
    if (Number.isFinite(raw) && raw > 0) limits[key] = setting.mb ? Math.round(raw * MB) : Math.floor(raw);
  }
  return limits;
}

/** A file refused for passing a limit; the message names the limit and its setting. */
export class FileLimitError extends Error {
  constructor(
    readonly limit: keyof FileLimits,
    message: string,
  ) {
    super(message);
    this.name = 'FileLimitError';
  }
}

export function refuse(limit: keyof FileLimits, limits: FileLimits, what: string): never {
  const setting = SETTINGS[limit];
  throw new FileLimitError(
    limit,
    `${what}。上限（${setting.label(limits[limit])}）を超えるため取り込みません（上限は環境変数 ${setting.env} で変えられます）`,
  );
}

/** Refuses a file larger than the limit, before anything reads it. */
export function checkFileSize(byteLength: number, limits: FileLimits = fileLimits()): void {
  if (byteLength > limits.maxFileBytes) {
    refuse('maxFileBytes', limits, `ファイルが大きすぎます（${mb(byteLength)}）`);
  }
}

/** One part of a zip as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  packed: number;
  unpacked: number;
  localOffset: number;
  /** Where its own record in the central directory starts, and how long it is. */
  directoryAt: number;
  directoryLength: number;
}

/** A zip's central directory: its entries, where it is, and where its end record is. */
export interface ZipDirectory {
  entries: ZipEntry[];
  offset: number;
  size: number;
  end: number;
  commentLength: number;
}

/** The central directory of a zip, or null when there is none to read. */
export function centralDirectory(bytes: Uint8Array): ZipDirectory | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.byteLength - 22 - 65_535);
  let end = -1;
  for (let at = bytes.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff || offset + size > bytes.byteLength) return null;
  const entries: ZipEntry[] = [];
  let at = offset;
  while (at + 46 <= offset + size && view.getUint32(at, true) === 0x02014b50) {
    const nameLength = view.getUint16(at + 28, true);
    const directoryLength = 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    entries.push({
      method: view.getUint16(at + 10, true),
      packed: view.getUint32(at + 20, true),
      unpacked: view.getUint32(at + 24, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      localOffset: view.getUint32(at + 42, true),
      directoryAt: at,
      directoryLength,
    });
    at += directoryLength;
  }
  return { entries, offset, size, end, commentLength: view.getUint16(end + 20, true) };
}

/**
 * What is wrong with the zip as a reader going from its first byte to its last sees it (exceljs'
 * streaming reader does): every entry right after the one before, the directory right after the
 * last, the end record right after the directory and the file ending with its comment. A reader
 * that meets a gap or a short end waits for bytes that never come (found by fuzzing).
 */
function sequenceDamage(bytes: Uint8Array, directory: ZipDirectory): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (const entry of [...directory.entries].sort((a, b) => a.localOffset - b.localOffset)) {
    if (entry.localOffset !== at || at + 30 > bytes.byteLength || view.getUint32(at, true) !== 0x04034b50)
      return `部品 ${entry.name} が目次の位置にありません`;
    const flags = view.getUint16(at + 6, true);
    at += 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true) + entry.packed;
    // A data descriptor (CRC and sizes after the data), with or without its signature.
    if (flags & 0x08) at += at + 4 <= bytes.byteLength && view.getUint32(at, true) === 0x08074b50 ? 16 : 12;
  }
  if (at !== directory.offset || directory.offset + directory.size !== directory.end)
    return 'ZIP の目次の位置が合いません';
  if (directory.end + 22 + directory.commentLength !== bytes.byteLength) return 'ZIP の終わりが壊れています';
  return null;
}

/**
 * Refuses an xlsx (zip) whose entries would unpack past the limits: first from the sizes its central
 * directory declares, then by inflating each entry into nothing, stopping at the first byte past
 * what it declared (so a lying header costs no memory). Returns what is damaged about a zip that is
 * within the limits but not whole (the caller refuses it in its own words), or null.
 * @example await checkZip(bytes); // throws FileLimitError for a zip bomb
 */
export async function checkZip(
  bytes: Uint8Array,
  limits: FileLimits = fileLimits(),
  observe?: ZipObserver,
): Promise<string | null> {
  checkFileSize(bytes.byteLength, limits);
  const directory = centralDirectory(bytes);
  if (!directory) return 'ZIP の目次（セントラルディレクトリ）がありません';
  const { entries } = directory;
  if (entries.length > limits.maxEntries) {
    refuse('maxEntries', limits, `ファイルの中の部品が多すぎます（${entries.length} 個）`);
  }
  let total = 0;
  for (const entry of entries) {
    // ZIP64 markers: sizes past 4 GB, far past any limit.
    if (entry.unpacked === 0xffffffff || entry.packed === 0xffffffff) {
      refuse('maxUnpackedBytes', limits, `展開すると大きすぎる部品があります（${entry.name}）`);
    }
    total += entry.unpacked;
    if (total > limits.maxUnpackedBytes) {
      refuse('maxUnpackedBytes', limits, `展開すると大きすぎます（${mb(total)} 以上）`);
    }
    if (entry.unpacked > limits.ratioFloorBytes && entry.unpacked > entry.packed * limits.maxEntryRatio) {
      const ratio = Math.round(entry.unpacked / Math.max(1, entry.packed));
      refuse('maxEntryRatio', limits, `圧縮率が高すぎる部品があります（${entry.name}: ${ratio}:1）`);
    }
  }
  const damage = sequenceDamage(bytes, directory);
  if (damage) return damage;
  for (const entry of entries) {
    const damaged = await checkInflatedSize(bytes, entry, limits, observe);
    if (damaged) return damaged;
  }
  return null;
}

/**
 * Sees the unpacked bytes of the entries it asks for while {@link checkZip} inflates them anyway: a
 * reader that needs something the streaming xlsx reader skips (merged cells) gets it without a second
 * pass. Returns the chunk handler for an entry, or undefined to skip it.
 */
export type ZipObserver = (entryName: string) => ((chunk: Buffer) => void) | undefined;

/**
 * An entry's data as stored (compressed or not), found through its local header; null when no local
 * header is where the directory says (cut short at the end of the file when the file is).
 */
export function packedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== 0x04034b50) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  return bytes.subarray(start, Math.min(bytes.byteLength, start + entry.packed));
}

/**
 * Inflates one entry into nothing, refusing it once it passes its declared size. Returns what is
 * damaged about it (not where the directory says, does not inflate, shorter than declared), or null.
 */
async function checkInflatedSize(
  bytes: Uint8Array,
  entry: ZipEntry,
  limits: FileLimits,
  observe?: ZipObserver,
): Promise<string | null> {
  const data = packedData(bytes, entry);
  if (!data) return `部品 ${entry.name} が目次の位置にありません`;
  const observer = observe?.(entry.name);
  if (entry.method !== 8) {
    // Stored: its size is its packed size.
    if (entry.method !== 0) return `部品 ${entry.name} の圧縮方式（${entry.method}）は読めません`;
    if (data.byteLength !== entry.unpacked) return `部品 ${entry.name} が途中で切れています`;
    observer?.(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return null;
  }
  return new Promise<string | null>((resolve, reject) => {
    const inflate = createInflateRaw();
    let seen = 0;
    let refused = false;
    inflate.on('data', (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (!refused) observer?.(chunk);
      if (seen > entry.unpacked && !refused) {
        refused = true;
        inflate.destroy();
        try {
          refuse('maxUnpackedBytes', limits, `部品の実際の大きさが申告と違います（${entry.name}）`);
        } catch (error) {
          reject(error);
        }
      }
    });
    // A damaged stream is refused before any reader sees it: exceljs' streaming reader waits forever
    // for the rest of an entry that does not inflate (found by fuzzing).
    inflate.on('error', () => resolve(`部品 ${entry.name} を展開できません`));
    const ended = () =>
      resolve(seen === entry.unpacked ? null : `部品 ${entry.name} の大きさが目次と合いません`);
    inflate.on('end', ended);
    inflate.on('close', ended);
    inflate.end(data);
  });
}

/** Refuses a sheet position past the row or column limit (sheets are read cell by cell). */
export function checkCell(
  row: number,
  column: number,
  text: string | null,
  where: string,
  limits: FileLimits = fileLimits(),
): void {
  if (row > limits.maxRows) refuse('maxRows', limits, `${where}の行が多すぎます（${row} 行目まで）`);
  if (column > limits.maxColumns)
    refuse('maxColumns', limits, `${where}の列が多すぎます（${column} 列目まで）`);
  if (text !== null && text.length > limits.maxCellChars) {
    refuse('maxCellChars', limits, `${where}の ${row} 行目に長すぎるセルがあります（${text.length} 文字）`);
  }
}

/**
 * Refuses a CSV text past the line, line-length or column limits before it is parsed: one pass over
 * the text counting separators, no copies.
 * @example checkCsvText(text, ','); // throws FileLimitError for 1,000,000 columns
 */
export function checkCsvText(text: string, delimiter: string, limits: FileLimits = fileLimits()): void {
  let line = 1;
  let lineStart = 0;
  let separators = 0;
  const sep = delimiter.charCodeAt(0);
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 10;
    if (code === sep) {
      separators++;
      // Separators inside quotes count too: an over-count only for a cell full of commas.
      if (separators >= limits.maxColumns) {
        refuse('maxColumns', limits, `${line} 行目の列が多すぎます（${limits.maxColumns} 列を超えます）`);
      }
    } else if (code === 10) {
      if (i - lineStart > limits.maxLineChars) {
        refuse('maxLineChars', limits, `${line} 行目が長すぎます（${i - lineStart} 文字）`);
      }
      line++;
      lineStart = i + 1;
      separators = 0;
      if (line > limits.maxRows + 1)
        refuse('maxRows', limits, `行が多すぎます（${limits.maxRows} 行を超えます）`);
    }
  }
  if (text.length - lineStart > limits.maxLineChars) {
    refuse('maxLineChars', limits, `${line} 行目が長すぎます`);
  }
}

/**
 * Refuses a Markdown text past the size, line or line-length limits before it is parsed.
 * @example checkMarkdownText(source); // throws FileLimitError for a 50 MB file
 */
export function checkMarkdownText(text: string, limits: FileLimits = fileLimits()): void {
  // UTF-8 takes at most 3 bytes a UTF-16 unit; a text within a third of the limit needs no count.
  const bytes = text.length * 3 <= limits.maxMarkdownBytes ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxMarkdownBytes) {
    refuse('maxMarkdownBytes', limits, `ファイルが大きすぎます（${mb(bytes)}）`);
  }
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', i + 1)) {
    const end = i < 0 ? text.length : i;
    if (end - lineStart > limits.maxLineChars) {
      refuse('maxLineChars', limits, `${line} 行目が長すぎます（${end - lineStart} 文字）`);
    }
    if (i < 0) break;
    line++;
    lineStart = i + 1;
    if (line > limits.maxLines)
      refuse('maxLines', limits, `行が多すぎます（${limits.maxLines} 行を超えます）`);
  }
}
