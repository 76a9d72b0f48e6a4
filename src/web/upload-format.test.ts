import { describe, expect, it } from 'vitest';
import { presentFields } from './upload-format.ts';

const change = (field: string, before: string, after: string) => ({ field, before, after });

describe('presentFields', () => {
  it('writes codes as the screens do: 見込・確定, 方向, 比較, 評価区分, 指標の種類', () => {
    expect(
      presentFields([
        change('見込・確定', 'provisional', 'final'),
        change('方向', 'increase', 'decrease'),
        change('方向', '', 'maintain'),
        change('比較', 'gte', 'lt'),
        change('比較', 'eq', 'gt'),
        change('評価区分', '', 'hard-to-evaluate'),
        change('指標の種類', 'outcome', 'activity'),
      ]),
    ).toEqual([
      change('見込・確定', '見込', '確定'),
      change('方向', '増加', '減少'),
      change('方向', '', '維持'),
      change('比較', '以上', '未満'),
      change('比較', 'ちょうど', '超'),
      change('評価区分', '', '評価困難'),
      change('指標の種類', '成果指標', '活動指標'),
    ]);
  });
  it('writes years in 和暦 and numbers with thousands separators', () => {
    expect(
      presentFields([
        change('年度', '', '2024'),
        change('基準年度', '2019', '2018'),
        change('目標年度', '', '2027'),
        change('値', '1318000', '1320000.5'),
        change('基準値', '', '-12000'),
        change('目標値', '1500000', ''),
      ]),
    ).toEqual([
      change('年度', '', '令和6年度'),
      change('基準年度', '令和元年度', '平成30年度'),
      change('目標年度', '', '令和9年度'),
      change('値', '1,318,000', '1,320,000.5'),
      change('基準値', '', '-12,000'),
      change('目標値', '1,500,000', ''),
    ]);
  });
  it('writes annual targets year by year', () => {
    expect(
      presentFields([
        change('年度別目標', '', '{"fiscalYear":2024,"value":12000}／{"fiscalYear":2025,"value":13000}'),
      ]),
    ).toEqual([change('年度別目標', '', '令和6年度: 12,000／令和7年度: 13,000')]);
  });
  it('leaves internal ids out and everything else as it came', () => {
    expect(
      presentFields([
        change('項目（ID）', '', '19'),
        change('担当課（ID）', '20', '21'),
        change('fromNodeId', '', '3'),
        change('名称', '観光客数', '観光入込客数'),
        change('番号', '1.2', '1.3'),
        change('単位', '', '人'),
        change('値', '', 'abc'),
      ]),
    ).toEqual([
      change('名称', '観光客数', '観光入込客数'),
      change('番号', '1.2', '1.3'),
      change('単位', '', '人'),
      change('値', '', 'abc'),
    ]);
  });
});
