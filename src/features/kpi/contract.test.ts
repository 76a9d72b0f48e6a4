import { describe, expect, it } from 'vitest';
import { ActualInput, AdministrativeStatusInput, NOTE_MAX_LENGTH } from './contract.ts';
import { NOTE_MAX_LENGTH as ENTRY_NOTE_MAX_LENGTH } from './kpi-entry.ts';

describe('KPI contract', () => {
  it('limits the 備考 as the entry service does', () => {
    expect(NOTE_MAX_LENGTH).toBe(ENTRY_NOTE_MAX_LENGTH);
  });

  it('asks for 確定/見込 with a value, not when deleting, and names unknown fields', () => {
    expect(ActualInput.safeParse({ value: 12, status: 'final' }).success).toBe(true);
    expect(ActualInput.safeParse({ value: null }).success).toBe(true);
    const missing = ActualInput.safeParse({ value: 12 });
    expect(missing.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['status', 'final（確定）か provisional（見込）を指定してください'],
    ]);
    const unknown = AdministrativeStatusInput.safeParse({ administrativeStatus: null, extra: 1 });
    expect(unknown.error?.issues[0]?.message).toBe('不明な項目があります（extra）');
  });
});
