import { describe, expect, test } from 'vitest';
import { readAddress, readSelection, selectionSearch } from './selection.ts';

describe('selection in the query string', () => {
  test('reads plan, node and year', () => {
    expect(readSelection('?plan=1&node=12&year=2023')).toEqual({ planId: 1, nodeId: 12, fiscalYear: 2023 });
  });

  test('treats missing or malformed values as not selected', () => {
    expect(readSelection('')).toEqual({ planId: null, nodeId: null, fiscalYear: null });
    expect(readSelection('?plan=abc&node=-3&year=2023.5')).toEqual({
      planId: null,
      nodeId: null,
      fiscalYear: null,
    });
    expect(readSelection('?node=0')).toEqual({ planId: null, nodeId: null, fiscalYear: null });
  });

  test('writes only what is set, and round-trips', () => {
    expect(selectionSearch({ planId: null, nodeId: null, fiscalYear: null })).toBe('');
    expect(selectionSearch({ planId: 1, nodeId: null, fiscalYear: 2023 })).toBe('?plan=1&year=2023');
    const selection = { planId: 2, nodeId: 41, fiscalYear: 2024 };
    expect(readSelection(selectionSearch(selection))).toEqual(selection);
  });
});

describe('the whole address: open KPI and screen', () => {
  test('reads and writes the KPI and the screen after the selection', () => {
    const address = { planId: 1, nodeId: 12, fiscalYear: 2023, kpiId: 7, view: 'report' };
    expect(selectionSearch(address)).toBe('?plan=1&node=12&year=2023&kpi=7&view=report');
    expect(readAddress(selectionSearch(address))).toEqual(address);
  });

  test('ignores a malformed KPI or screen', () => {
    expect(readAddress('?kpi=x&view=%3Cscript%3E')).toEqual({
      planId: null,
      nodeId: null,
      fiscalYear: null,
      kpiId: null,
      view: null,
    });
  });
});
