/**
 * @module LibreOffice in tests
 * Generated office files are checked by opening them in real LibreOffice: `soffice --headless
 * --convert-to`, each call in a throwaway user profile, so that test files running in parallel, or a
 * running or broken profile, cannot interfere.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SofficeConversion {
  /** What `--convert-to` takes: `pdf`, `fods`, or a filter with its options (`csv:Text - txt - csv (StarCalc):44,…`). */
  to: string;
  outdir: string;
  /** `--infilter=`: how to read the input (a CSV's separators and encoding, say). */
  infilter?: string;
  timeoutMs?: number;
}

/**
 * Converts files with LibreOffice into `outdir` (each output named as its input with the new
 * extension).
 * @example await convertWithSoffice([file], { to: 'fods', outdir: dir });
 */
export async function convertWithSoffice(files: string[], conversion: SofficeConversion): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'lo-profile-'));
  try {
    await run(
      'soffice',
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        ...(conversion.infilter ? [`--infilter=${conversion.infilter}`] : []),
        '--convert-to',
        conversion.to,
        '--outdir',
        conversion.outdir,
        ...files,
      ],
      { timeout: conversion.timeoutMs ?? 180_000 },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
