/**
 * Hostile files, each built here: a small xlsx whose sheet unpacks to hundreds of MB (honest and
 * lying about its size), a CSV of 1,000,000 columns, a 50 MB Markdown file. Each is refused with a
 * Japanese message naming the limit, quickly and without the memory a parser would take. The time
 * bound is generous (speed belongs to the benches); the memory delta is what matters.
 */
import { once } from 'node:events';
import { crc32, createDeflateRaw } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkZip, DEFAULT_FILE_LIMITS, FileLimitError, fileLimits } from './file-limits.ts';
import { readTableSource } from './kpi-table/source.ts';
import { parseProgressReport, ReportParseError } from './seed-markdown/index.ts';

const MB = 1024 * 1024;

/** Deflates `chunk` repeated `times` times as one stream, never holding the whole. */
async function deflateRepeated(chunk: Buffer, times: number): Promise<{ data: Buffer; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  let crc = 0;
  for (let i = 0; i < times; i++) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return { data: Buffer.concat(out), crc };
}

interface Entry {
  name: string;
  data: Buffer;
  crc: number;
  unpacked: number;
  method: 0 | 8;
}

/** A zip of the entries, with the sizes they declare (a lying one may declare less). */
function zip(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.byteLength, 18);
    local.writeUInt32LE(e.unpacked, 22);
    local.writeUInt16LE(name.byteLength, 26);
    parts.push(local, name, e.data);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.crc >>> 0, 16);
    cd.writeUInt32LE(e.data.byteLength, 20);
    cd.writeUInt32LE(e.unpacked, 24);
    cd.writeUInt16LE(name.byteLength, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.byteLength + e.data.byteLength;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, end]);
}

const stored = (name: string, text: string): Entry => {
  const data = Buffer.from(text);
  return { name, data, crc: crc32(data), unpacked: data.byteLength, method: 0 };
};

/** An xlsx whose one sheet is `rows` copies of the same row: 525 MB for the default. */
async function bombXlsx(options: { lie?: boolean } = {}): Promise<Buffer> {
  const row = Buffer.from('<row><c t="inlineStr"><is><t>爆弾</t></is></c></row>'.repeat(20_000));
  const times = Math.ceil((525 * MB) / row.byteLength);
  const sheet = await deflateRepeated(row, times);
  return zip([
    stored('[Content_Types].xml', '<?xml version="1.0"?><Types/>'),
    stored('xl/workbook.xml', '<?xml version="1.0"?><workbook/>'),
    {
      name: 'xl/worksheets/sheet1.xml',
      data: sheet.data,
      crc: sheet.crc,
      unpacked: options.lie ? 4096 : row.byteLength * times,
      method: 8,
    },
  ]);
}

/** Runs `work`, answering how long it took and how far the process's memory grew meanwhile. */
async function measured(
  work: () => Promise<unknown>,
): Promise<{ error: unknown; ms: number; rssMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const start = performance.now();
  let error: unknown;
  try {
    await work();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { error, ms, rssMb: (peak - before) / MB };
}

const messageOf = (error: unknown) =>
  error instanceof Error
    ? `${error.message} ${JSON.stringify((error as { issues?: unknown }).issues ?? '')}`
    : '';

describe('file limits', () => {
  it('reads the limits from the environment, keeping the defaults for what is unset or nonsense', () => {
    expect(fileLimits({})).toEqual(DEFAULT_FILE_LIMITS);
    const limits = fileLimits({
      HOSHIN_IMPORT_MAX_ROWS: '500000',
      HOSHIN_IMPORT_MAX_UNPACKED_MB: '400',
      HOSHIN_IMPORT_MAX_COLUMNS: 'many',
    });
    expect(limits.maxRows).toBe(500_000);
    expect(limits.maxUnpackedBytes).toBe(400 * MB);
    expect(limits.maxColumns).toBe(DEFAULT_FILE_LIMITS.maxColumns);
  });

  it('refuses a small xlsx whose sheet unpacks to 525 MB, naming the limit, quickly and in little memory', async () => {
    const bytes = await bombXlsx();
    expect(bytes.byteLength).toBeLessThan(5 * MB);
    const { error, ms, rssMb } = await measured(() => readTableSource(bytes, 'bomb.xlsx'));
    expect(messageOf(error)).toMatch(/上限（展開後の大きさ 200 MB）|上限（圧縮率 100:1）/);
    expect(messageOf(error)).toContain('HOSHIN_IMPORT_MAX_');
    expect(ms).toBeLessThan(5_000);
    expect(rssMb).toBeLessThan(300);
    console.info(
      `zip bomb (${(bytes.byteLength / MB).toFixed(1)} MB): refused in ${ms.toFixed(0)} ms, +${rssMb.toFixed(0)} MB rss`,
    );
  }, 60_000);

  it('refuses the same xlsx when its directory lies about the size, by inflating into nothing', async () => {
    const bytes = await bombXlsx({ lie: true });
    const { error, ms, rssMb } = await measured(() => checkZip(bytes));
    expect(error).toBeInstanceOf(FileLimitError);
    expect(messageOf(error)).toContain('申告と違います');
    expect(ms).toBeLessThan(5_000);
    expect(rssMb).toBeLessThan(300);
    console.info(`lying zip: refused in ${ms.toFixed(0)} ms, +${rssMb.toFixed(0)} MB rss`);
  }, 60_000);

  it('refuses a CSV of 1,000,000 columns before parsing it', async () => {
    const bytes = new TextEncoder().encode(`${'列,'.repeat(1_000_000)}列\r\n1\r\n`);
    const { error, ms, rssMb } = await measured(() => readTableSource(bytes, 'wide.csv'));
    expect(messageOf(error)).toContain('上限（列数 1,000 列）');
    expect(ms).toBeLessThan(5_000);
    expect(rssMb).toBeLessThan(300);
    console.info(`1,000,000 columns: refused in ${ms.toFixed(0)} ms, +${rssMb.toFixed(0)} MB rss`);
  });

  it('refuses a CSV with more rows than the limit, and a cell longer than Excel allows', async () => {
    const rows = new TextEncoder().encode('a\n'.repeat(DEFAULT_FILE_LIMITS.maxRows + 5));
    await expect(readTableSource(rows, 'long.csv')).rejects.toSatisfy((e) =>
      messageOf(e).includes('上限（行数'),
    );
    const cell = new TextEncoder().encode(`見出し\n"${'あ'.repeat(40_000)}"\n`);
    await expect(readTableSource(cell, 'cell.csv')).rejects.toSatisfy((e) =>
      messageOf(e).includes('上限（セルの文字数 32,767 文字）'),
    );
  });

  it('refuses a 50 MB Markdown file before parsing it', async () => {
    const source = `# 令和6年度 進捗報告書\n\n${'本文の段落です。'.repeat(40)}\n`.repeat(
      Math.ceil((50 * MB) / 400),
    );
    const { error, ms, rssMb } = await measured(async () => parseProgressReport(source));
    expect(error).toBeInstanceOf(ReportParseError);
    expect(messageOf(error)).toContain('上限（Markdown ファイルの大きさ 5 MB）');
    expect(ms).toBeLessThan(5_000);
    expect(rssMb).toBeLessThan(300);
    console.info(`50 MB Markdown: refused in ${ms.toFixed(0)} ms, +${rssMb.toFixed(0)} MB rss`);
  });

  it('refuses a Markdown line longer than the limit', () => {
    expect(() => parseProgressReport(`# 見出し\n${'x'.repeat(300_000)}\n`)).toThrow(/1行の文字数/);
  });
});
