/**
 * @module Password hashing
 * scrypt from Node's crypto (memory-hard, no native dependency). The stored form names its
 * parameters so they can be raised later without invalidating older hashes:
 * `scrypt$N$r$p$salt$hash`, salt and hash in base64. Passwords are never logged or returned.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// N·r·128 bytes = 32 MiB for these parameters; Node's default cap (32 MiB) is just too small.
const MAX_MEMORY = 64 * 1024 * 1024;

import { MIN_PASSWORD_LENGTH } from '../users/contract.ts';

export { MIN_PASSWORD_LENGTH };

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** @example const stored = await hashPassword('correct horse battery'); */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` matches `stored`; false for a malformed hash (never throws on user input). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash no password matches, verified for unknown users so that timing does not reveal them. */
export const UNUSABLE_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

/** Japanese reason a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください`;
  if (password.length > 200) return 'パスワードは200文字以内にしてください';
  if (/^(.)\1*$/u.test(password)) return 'パスワードに同じ文字だけを並べることはできません';
  return undefined;
}
