import { describe, expect, test } from 'vitest';
import { kpiWriteRefusal, responsibilityNote } from './write-access.ts';

const kanko = { role: 'department', roleLabel: '担当課', departmentName: '観光政策課' } as const;
const chiiki = { id: 4, name: '地域振興課' };

describe('kpiWriteRefusal', () => {
  test('the planning division writes any KPI the server lets it write', () => {
    const kikaku = { role: 'planning', roleLabel: '企画', departmentName: '企画政策課' } as const;
    expect(kpiWriteRefusal(kikaku, { mayWrite: true, responsibleDepartment: chiiki })).toBeNull();
  });

  test('the server’s mayWrite decides for a department editor, not the KPI’s 担当課 text', () => {
    // Its own department inherited from the plan node: the KPI has no department of its own.
    expect(
      kpiWriteRefusal(kanko, { mayWrite: true, responsibleDepartment: { id: 3, name: '観光政策課' } }),
    ).toBeNull();
    // Refused even when the names look alike: only the server knows the department's id.
    expect(
      kpiWriteRefusal(kanko, { mayWrite: false, responsibleDepartment: { id: 9, name: '観光政策課' } }),
    ).toBe('この指標は観光政策課の担当です。入力できるのは観光政策課の指標だけです。');
  });

  test('another department’s KPI is named with its department', () => {
    expect(kpiWriteRefusal(kanko, { mayWrite: false, responsibleDepartment: chiiki })).toBe(
      'この指標は地域振興課の担当です。入力できるのは観光政策課の指標だけです。',
    );
  });

  test('a KPI without any department is said to have none', () => {
    expect(kpiWriteRefusal(kanko, { mayWrite: false, responsibleDepartment: null })).toBe(
      'この指標には担当課が割り当てられていません。入力できるのは観光政策課の指標だけです。',
    );
    expect(
      kpiWriteRefusal({ ...kanko, departmentName: null }, { mayWrite: false, responsibleDepartment: null }),
    ).toMatch(/入力できるのは自分の課の指標だけです。$/);
  });

  test('council, viewer and administrator read only, whatever the KPI', () => {
    for (const [role, roleLabel] of [
      ['council', '審議会委員'],
      ['viewer', '閲覧'],
      ['administrator', '管理者'],
    ] as const) {
      expect(
        kpiWriteRefusal(
          { role, roleLabel, departmentName: null },
          { mayWrite: false, responsibleDepartment: chiiki },
        ),
      ).toMatch(new RegExp(`^閲覧のみ（${roleLabel}）`));
    }
  });
});

describe('responsibilityNote', () => {
  test('names the responsible department, or says there is none', () => {
    expect(responsibilityNote({ mayWrite: true, responsibleDepartment: chiiki })).toBe(
      'この指標は地域振興課の担当です。',
    );
    expect(responsibilityNote({ mayWrite: true, responsibleDepartment: null })).toBe(
      'この指標には担当課が割り当てられていません。',
    );
  });
});
