/**
 * @module CLI I/O
 * The streams a command reads and writes, passed in so commands can be tested without a process.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /**
   * The command words being run (e.g. `import kpis`), set by main. Named in the data folder's lock,
   * so that a second process learns what holds it.
   */
  command?: string;
}

/** A CLI command: takes its arguments (after the command words) and returns an exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
