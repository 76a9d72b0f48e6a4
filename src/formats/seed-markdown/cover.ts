/**
 * @module Cover placeholders
 * What the cover says before a year's council meeting is known (a year started in the app): written
 * by render.ts in place of the date and the meeting, and read back as empty by parse.ts.
 */
export const UNDATED = '（日付未定）';
export const NO_COUNCIL_MEETING = '（審議会未定）';
