/**
 * @module CLI
 * `hoshin <command>`: serve, demo, import/export of reports, KPI evaluation. Each command lives in
 * commands/ and gets its arguments and I/O passed in, so it can be tested without a process.
 */
import { readFileSync } from 'node:fs';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import type { CliCommand, CliIo } from './io.ts';
import { usage, usageOf } from './usage.ts';

// Loaded on demand so that one command's dependencies do not slow down (or break) another.
const commands: Record<string, () => Promise<CliCommand>> = {
  serve: async () => (await import('./commands/report.ts')).serveCommand,
  demo: async () => (await import('./commands/report.ts')).demo,
  'import report': async () => (await import('./commands/report.ts')).importReport,
  'export report': async () => (await import('./commands/report.ts')).exportReport,
  'plan period': async () => (await import('./commands/plan.ts')).planPeriod,
  'kpi scheme': async () => (await import('./commands/kpi-scheme.ts')).kpiScheme,
  'kpi evaluate': async () => (await import('./commands/kpi-evaluate.ts')).kpiEvaluate,
  'import kpis': async () => (await import('./commands/kpi-table.ts')).importKpis,
  'export kpis': async () => (await import('./commands/kpi-table.ts')).exportKpis,
  'import strategy': async () => (await import('./commands/strategy.ts')).importStrategy,
  'export strategy': async () => (await import('./commands/strategy.ts')).exportStrategy,
  'export change-log': async () => (await import('./commands/change-log.ts')).exportChangeLogCommand,
  'export open-data': async () => (await import('./commands/open-data.ts')).exportOpenData,
  publish: async () => (await import('./commands/publish.ts')).publishCommand,
  unpublish: async () => (await import('./commands/publish.ts')).unpublishCommand,
  backup: async () => (await import('./commands/backup.ts')).backupCommand,
  restore: async () => (await import('./commands/backup.ts')).restoreCommand,
  'user add': async () => (await import('./commands/user.ts')).userAdd,
  'user list': async () => (await import('./commands/user.ts')).userList,
  'user password': async () => (await import('./commands/user.ts')).userPassword,
  'user disable': async () => (await import('./commands/user.ts')).userDisable,
  'user enable': async () => (await import('./commands/user.ts')).userEnable,
};

/** Standard process I/O. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => readFileSync(0, 'utf8'),
  ...(process.stdin.isTTY ? { readSecret: promptWithoutEcho } : {}),
};

/** Reads one line at the terminal, echoing nothing of it. */
function promptWithoutEcho(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u0003') process.exit(130); // Ctrl+C
        if (ch === '\u007f') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Every command's name (`import kpis`, `serve`…), for tests that must reach each one. */
export const COMMAND_NAMES = Object.keys(commands);

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [first = '', second = ''] = argv;
  if (first === '' || first === 'help' || first === '--help' || first === '-h') {
    io.stdout(`${usage}\n`);
    return first === '' ? 2 : 0;
  }
  const two = `${first} ${second}`;
  const twoWords = commands[two];
  if (twoWords) return run(two, await twoWords(), argv.slice(2), io);
  const oneWord = commands[first];
  if (oneWord) return run(first, await oneWord(), argv.slice(1), io);
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout(`hoshin ${packageVersion()}\n`);
    return 0;
  }
  // `hoshin import --help` (or just `hoshin import`): the commands of that group.
  const group = COMMAND_NAMES.filter((name) => name.startsWith(`${first} `));
  if (group.length > 0 && (second === '' || second === '--help' || second === '-h')) {
    io[second === '' ? 'stderr' : 'stdout']([...new Set(group.map((name) => usageOf(name)))].join('\n'));
    return second === '' ? 2 : 0;
  }
  io.stderr(`不明なコマンドです: ${argv.join(' ')}\n\n${usage}\n`);
  return 2;
}

/** The version in package.json (the one file that says it). */
function packageVersion(): string {
  const json = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(json) as { version: string }).version;
}

async function run(name: string, command: CliCommand, args: string[], io: CliIo): Promise<number> {
  try {
    return await command(args, { ...io, command: name });
  } catch (error) {
    // The data folder is open in another process (typically the server): expected, so a plain
    // message rather than a stack trace; nothing was changed.
    if (error instanceof DataDirLockedError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
