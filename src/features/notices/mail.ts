/**
 * @module Notice mail
 * お知らせ can also go out by e-mail through the city's SMTP server (`SMTP_URL`, e.g.
 * `smtps://user:pass@mail.city.example.lg.jp:465`). Mail never decides whether a write succeeds:
 * notices queue their mail in the request's outbox, and the outbox is delivered only after the
 * request's transaction has committed; a mail that fails is logged, never answered as an error.
 * Without `SMTP_URL` there is no mailer and nothing is sent.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import nodemailer from 'nodemailer';

/** One mail to one address. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The app address the notice points to (`/?view=cycle…`); the mailer makes it absolute. */
  link: string | null;
}

/** What sends mail: the SMTP mailer, or a test's stand-in. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close?(): void;
}

export interface SmtpMailerOptions {
  /** The sender (SMTP_FROM); default `hoshin@<the SMTP server's host>`. */
  from?: string;
  /** Where users reach Hoshin (the first HOSHIN_ORIGIN), to make links absolute; without it links are left out. */
  baseUrl?: string;
}

/**
 * A mailer over SMTP (smtp:// or smtps://, credentials in the URL).
 * @example const mailer = smtpMailer('smtp://hoshin:secret@127.0.0.1:2525', { baseUrl: 'https://hoshin.city.example.lg.jp' });
 */
export function smtpMailer(url: string, options: SmtpMailerOptions = {}): Mailer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('SMTP_URL は URL ではありません（例: smtp://user:pass@mail.example.lg.jp:587）');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error('SMTP_URL は smtp:// か smtps:// で始めてください');
  }
  const transport = nodemailer.createTransport(url);
  const from = options.from ?? `hoshin@${parsed.hostname}`;
  return {
    async send(mail) {
      const link = mail.link && options.baseUrl ? `\n\n${new URL(mail.link, options.baseUrl).href}` : '';
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: `${mail.text}${link}\n\n-- \nこのメールは Hoshin（方針）から自動で送信しています。\n`,
      });
    },
    close: () => transport.close(),
  };
}

const outbox = new AsyncLocalStorage<OutgoingMail[]>();

/** Queues a mail in the current outbox (a request's or a sweep's); without one, nothing is sent. */
export function queueMail(mail: OutgoingMail): void {
  outbox.getStore()?.push(mail);
}

/** Runs `work` with an outbox of its own and returns what it queued, to deliver once it committed. */
export async function collectMail<T>(work: () => Promise<T>): Promise<{ result: T; mail: OutgoingMail[] }> {
  const mail: OutgoingMail[] = [];
  const result = await outbox.run(mail, work);
  return { result, mail };
}

/** Sends each mail; a failure is logged and the others still go. Never throws. */
export async function deliver(mailer: Mailer | undefined, mail: readonly OutgoingMail[]): Promise<void> {
  if (!mailer) return;
  for (const m of mail) {
    try {
      await mailer.send(m);
    } catch (error) {
      console.warn(`お知らせのメールを送れませんでした（${m.to}）: ${(error as Error).message}`);
    }
  }
}

/**
 * Middleware before the guard: gives each request an outbox and, once the guard's transaction has
 * committed and the answer is a success, sends its mail in the background (the answer does not wait).
 */
export function deliverMailAfterCommit(mailer: Mailer | undefined): MiddlewareHandler {
  return async (c, next) => {
    const { mail } = await collectMail(() => next());
    if (mailer && mail.length > 0 && !c.error && c.res.status < 400) void deliver(mailer, mail);
  };
}
