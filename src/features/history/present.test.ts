import { describe, expect, it } from 'vitest';
import { changedFields, presentEntry } from './present.ts';

const refs = {
  department: (id: number) => (id === 3 ? '観光政策課' : undefined),
  node: (id: number) => (id === 7 ? '1.1 観光の振興' : undefined),
};

describe('history presentation', () => {
  it('lists only the fields that differ, in the screens’ words, and never the version', () => {
    const before = { id: 1, version: 1, value: 100, status: 'final', note: null, fiscalYear: 2023 };
    const after = {
      id: 1,
      version: 2,
      value: 120.5,
      status: 'provisional',
      note: '速報値',
      fiscalYear: 2023,
    };
    expect(changedFields('kpi_actual', before, after, refs)).toEqual([
      { field: 'value', label: '実績値', before: '100', after: '120.5' },
      { field: 'status', label: '確定・見込', before: '確定', after: '見込' },
      { field: 'note', label: '備考', before: null, after: '速報値' },
    ]);
  });

  it('shows lists item by item and names what an id points to', () => {
    expect(
      changedFields(
        'progress_record',
        { results: ['a'], directions: ['x'] },
        { results: ['a', 'b'], directions: ['x'] },
        refs,
      ),
    ).toEqual([{ field: 'results', label: '主な取組内容／実績', before: ['a'], after: ['a', 'b'] }]);
    expect(
      changedFields('kpi', { departmentId: null, name: '旧' }, { departmentId: 3, name: '新' }, refs),
    ).toEqual([
      { field: 'name', label: '指標名', before: '旧', after: '新' },
      { field: 'departmentId', label: '担当課', before: null, after: '観光政策課' },
    ]);
    expect(
      changedFields(
        'kpi',
        { direction: 'increase', baselineYear: 2020 },
        { direction: 'decrease', baselineYear: 2019 },
        refs,
      ),
    ).toEqual([
      { field: 'direction', label: '方向', before: '増加', after: '減少' },
      { field: 'baselineYear', label: '基準年度', before: '令和2年度', after: '令和元年度' },
    ]);
  });

  it('shows an addition with what was set and a deletion with what was there, the year in the subject', () => {
    const entry = presentEntry(
      {
        id: 9,
        tableName: 'kpi_actual',
        rowId: 4,
        action: 'delete',
        actor: '山田',
        changedAt: new Date('2026-12-01T01:00:00Z'),
        before: {
          id: 4,
          municipalityId: 1,
          kpiId: 2,
          fiscalYear: 2023,
          value: 10,
          status: 'final',
          note: null,
          version: 3,
        },
        after: null,
      },
      refs,
    );
    expect(entry).toMatchObject({
      actionLabel: '削除',
      tableLabel: '指標の実績値',
      subjectLabel: '令和5年度',
    });
    expect(entry.changes).toEqual([
      { field: 'value', label: '実績値', before: '10', after: null },
      { field: 'status', label: '確定・見込', before: '確定', after: null },
    ]);
  });
});
