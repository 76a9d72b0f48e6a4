import { userInfo } from 'node:os';
/**
 * @module CLI I/O
 * The streams a command reads and writes, passed in so commands can be tested without a process.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** Asks for a secret at a terminal without echoing it; absent when standard input is no terminal. */
  readSecret?: (prompt: string) => Promise<string>;
  /**
   * The command words being run (e.g. `import kpis`), set by main. Named in the data folder's lock,
   * so that a second process learns what holds it.
   */
  command?: string;
}

/**
 * Who a command's changes are logged under: the operating-system user who ran it, and the command.
 * @example cliActor(io, 'kpi.xlsx') // 'tanaka（CLI: import kpis kpi.xlsx）'
 */
export function cliActor(io: Pick<CliIo, 'command'>, detail = ''): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return `${user}（CLI: ${[io.command ?? 'hoshin', detail].filter((s) => s !== '').join(' ')}）`;
}

/** A CLI command: takes its arguments (after the command words) and returns an exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
