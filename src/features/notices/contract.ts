/**
 * @module Notices contract
 * The shapes of the お知らせ API (src/features/notices/routes.ts), shared with the web client's bell
 * (src/web/NoticeBell.tsx). Zod only, so it is safe to bundle.
 */
import { z } from 'zod';

/** What a notice is about. */
export const NOTICE_KINDS = [
  'cycle-opened',
  'deadline-near',
  'overdue',
  'returned',
  'approved',
  'comment-answered',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** One Japanese label per kind, for the list and the mail's subject. */
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  'cycle-opened': '進捗調査の開始',
  'deadline-near': '提出期限が近づいています',
  overdue: '提出期限を過ぎています',
  returned: '差戻し',
  approved: '承認',
  'comment-answered': '意見への対応',
};

export const NoticeView = z
  .object({
    id: z.number().int(),
    kind: z.enum(NOTICE_KINDS),
    kindLabel: z.string(),
    message: z.string(),
    /** The app address it points to (e.g. `/?view=cycle&plan=1&year=2023`); null = none. */
    link: z.string().nullable(),
    createdAt: z.string().meta({ description: 'ISO 8601' }),
    read: z.boolean(),
  })
  .meta({ id: 'Notice' });
export type NoticeView = z.infer<typeof NoticeView>;

/** The signed-in user's notices, newest first, with how many are unread. */
export const NoticeList = z
  .object({ notices: z.array(NoticeView), unread: z.number().int() })
  .meta({ id: 'NoticeList' });
export type NoticeList = z.infer<typeof NoticeList>;
