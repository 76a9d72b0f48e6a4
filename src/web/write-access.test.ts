import { describe, expect, test } from 'vitest';
import { kpiWriteRefusal } from './write-access.ts';

const kanko = { role: 'department', roleLabel: '担当課', departmentName: '観光政策課' } as const;

describe('kpiWriteRefusal', () => {
  test('the planning division writes any KPI', () => {
    const kikaku = { role: 'planning', roleLabel: '企画', departmentName: '企画政策課' } as const;
    expect(kpiWriteRefusal(kikaku, { department: '地域振興課' })).toBeNull();
  });

  test('a department editor writes its own KPIs, and those without a 担当課 text (the server decides)', () => {
    expect(kpiWriteRefusal(kanko, { department: '観光政策課' })).toBeNull();
    expect(kpiWriteRefusal(kanko, { department: null })).toBeNull();
  });

  test('another department’s KPI is named with its department', () => {
    expect(kpiWriteRefusal(kanko, { department: '地域振興課' })).toBe(
      'この指標は地域振興課の担当です。入力できるのは観光政策課の指標だけです。',
    );
  });

  test('council, viewer and administrator read only', () => {
    for (const [role, roleLabel] of [
      ['council', '審議会委員'],
      ['viewer', '閲覧'],
      ['administrator', '管理者'],
    ] as const) {
      expect(
        kpiWriteRefusal({ role, roleLabel, departmentName: null }, { department: '観光政策課' }),
      ).toMatch(new RegExp(`^閲覧のみ（${roleLabel}）`));
    }
  });
});
