/**
 * @module Notice bell
 * お知らせ in the header: unread count and the list. (Placeholder until the notices feature lands.)
 */
export function NoticeBell() {
  return null;
}
