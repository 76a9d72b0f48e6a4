/**
 * @module Test slapd
 * Starts a throw-away OpenLDAP `slapd` for tests, so LDAP sign-in is tested against a real directory
 * server rather than a mock: filter escaping, bind semantics and attribute handling are the server's,
 * not our guess of them. Each call gets its own temp dir, its own port on 127.0.0.1 and its own
 * `mdb` database; the system's slapd (if the Debian package started one) is never touched.
 *
 * The directory is loaded with `slapadd` before the server starts (fast, no LDAP round trips).
 * The `dynlist` overlay is configured so that entries get a computed `memberOf` from the
 * `groupOfNames` groups they belong to, the way Active Directory does — so both ways of finding a
 * user's groups (a group attribute, or a group search) can be tested against the same data.
 *
 * slapd is a Debian package (`slapd`), installed by scripts/ensure-system-packages.sh. When it is
 * missing this throws rather than letting tests skip, so a missing server cannot pass as green.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

/** One directory entry: its DN and attributes (a value or several). Non-ASCII text is fine. */
export interface LdapEntry {
  dn: string;
  attributes: Record<string, string | string[]>;
}

export interface SlapdOptions {
  /** The naming context, e.g. `dc=example,dc=jp`. */
  suffix: string;
  /** Loaded in order, so parents come before children; the suffix entry itself must be included. */
  entries: LdapEntry[];
}

export interface Slapd {
  /** `ldap://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The rootdn, which may do anything (for tests that need to change the directory). */
  rootDn: string;
  rootPassword: string;
  /** Stops the server and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Serialises entries as LDIF (RFC 2849); values that are not plain ASCII are base64 (`::`). */
export function toLdif(entries: LdapEntry[]): string {
  const line = (name: string, value: string) =>
    // SAFE-STRING of RFC 2849: printable ASCII, not starting with space, colon or "<", no trailing space.
    /^[\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*$/.test(value) && !value.endsWith(' ')
      ? `${name}: ${value}`
      : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
  return entries
    .map((e) => {
      const lines = [line('dn', e.dn)];
      for (const [name, values] of Object.entries(e.attributes)) {
        for (const v of Array.isArray(values) ? values : [values]) lines.push(line(name, v));
      }
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

/** Starts slapd with these entries; call `stop()` (e.g. in afterAll). */
export async function startSlapd(options: SlapdOptions): Promise<Slapd> {
  if (!existsSync(SLAPD) || !existsSync(SLAPADD)) {
    throw new Error(
      `${SLAPD} がありません。LDAP のテストには OpenLDAP が必要です: bash scripts/ensure-system-packages.sh ` +
        '(Debian package slapd)',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'hoshin-slapd-'));
  try {
    const rootDn = `cn=admin,${options.suffix}`;
    const rootPassword = 'test-root-password';
    await mkdir(join(dir, 'data'));
    const conf = join(dir, 'slapd.conf');
    await writeFile(conf, slapdConf(dir, options.suffix, rootDn, rootPassword));
    await writeFile(join(dir, 'data.ldif'), toLdif(options.entries));
    // -q: no consistency checks or index rebuild per entry — this data is ours and tiny.
    await run(SLAPADD, ['-q', '-f', conf, '-l', join(dir, 'data.ldif')]);
    const asUser = await dropPrivileges(dir);
    // A free port can be taken between our probe and slapd's bind, so try a few.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      try {
        const child = await launch(conf, port, asUser);
        let stopped = false;
        return {
          url: `ldap://127.0.0.1:${port}`,
          port,
          rootDn,
          rootPassword,
          async stop() {
            if (stopped) return;
            stopped = true;
            await terminate(child);
            await rm(dir, { recursive: true, force: true });
          },
        };
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

function slapdConf(dir: string, suffix: string, rootDn: string, rootPassword: string): string {
  return `# Written by src/test-support/slapd.ts for one test run.
include ${SCHEMA_DIR}/core.schema
include ${SCHEMA_DIR}/cosine.schema
include ${SCHEMA_DIR}/inetorgperson.schema
# groupOfURLs/memberURL, which the dynlist overlay's configuration names.
include ${SCHEMA_DIR}/dyngroup.schema
pidfile ${dir}/slapd.pid
argsfile ${dir}/slapd.args
modulepath ${MODULE_DIR}
moduleload back_mdb.la
moduleload dynlist.la
# Accept a bind with a DN and an empty password as anonymous ("unauthenticated bind", RFC 4513
# 5.1.2), as some directories do: the sign-in must refuse empty passwords itself.
allow bind_anon_dn

database mdb
suffix "${suffix}"
rootdn "${rootDn}"
rootpw ${rootPassword}
directory ${dir}/data
# The default map is larger than a test needs; the file is sparse either way.
maxsize 16777216
# Passwords are only usable to bind with; everything else is readable, also anonymously, so the
# anonymous-search configuration can be tested (a real directory would restrict this).
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
# memberOf computed at search time from groupOfNames membership (replaces slapo-memberof in 2.5).
overlay dynlist
dynlist-attrset groupOfURLs memberURL member+memberOf@groupOfNames
`;
}

/**
 * As root, slapd must not keep root's rights: it runs as `openldap`, which then has to own the
 * temp dir. Returns the arguments that make slapd switch user (none when not root).
 */
async function dropPrivileges(dir: string): Promise<string[]> {
  if (process.getuid?.() !== 0) return [];
  const uid = await idOf('/etc/passwd', 'openldap');
  const gid = await idOf('/etc/group', 'openldap');
  const walk = async (path: string): Promise<void> => {
    await chown(path, uid, gid);
    for (const d of await readdir(path, { withFileTypes: true })) {
      if (d.isDirectory()) await walk(join(path, d.name));
      else await chown(join(path, d.name), uid, gid);
    }
  };
  await walk(dir);
  return ['-u', 'openldap', '-g', 'openldap'];
}

async function idOf(file: string, name: string): Promise<number> {
  const row = (await readFile(file, 'utf8')).split('\n').find((l) => l.startsWith(`${name}:`));
  const id = Number(row?.split(':')[2]);
  if (!row || !Number.isInteger(id))
    throw new Error(`${file} に ${name} がありません（slapd パッケージが必要です）`);
  return id;
}

/** Starts slapd in the foreground (`-d 0`: no fork, so we own the process) and waits until it accepts. */
async function launch(conf: string, port: number, asUser: string[]): Promise<ChildProcess> {
  const child = spawn(SLAPD, ['-d', '0', '-h', `ldap://127.0.0.1:${port}/`, '-f', conf, ...asUser], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `slapd exited (${code ?? signal}): ${stderr.trim()}`;
  });
  child.on('error', (e) => {
    exited = `slapd could not start: ${e.message}`;
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    if (await accepts(port)) return child;
    await new Promise((r) => setTimeout(r, 25));
  }
  await terminate(child);
  throw new Error(`slapd did not accept connections on 127.0.0.1:${port} within 10 s: ${stderr.trim()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGTERM, and SIGKILL if slapd has not exited after 5 s (it normally exits at once). */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A port on 127.0.0.1 nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function run(file: string, args: string[]): Promise<void> {
  try {
    await promisify(execFile)(file, args);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${err.stderr?.trim() || err.message}`);
  }
}
