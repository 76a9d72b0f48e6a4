import { describe, expect, test } from 'vitest';
import type { PlanLevel, PlanNode } from './api.ts';
import { nodeName, pathTo, treeKeyAction, visibleItems } from './tree.ts';

const levels: PlanLevel[] = [
  { name: '基本目標', numbering: 'arabic' },
  { name: '基本方針', numbering: 'arabic' },
  { name: '施策', numbering: 'circled' },
];

function node(id: number, level: number, label: string, title: string, children: PlanNode[] = []): PlanNode {
  return {
    id,
    level,
    levelName: levels[level - 1]?.name ?? '',
    number: 1,
    label,
    title,
    version: 1,
    departmentId: null,
    departmentName: null,
    links: [],
    children,
  };
}

// 基本目標 1 → 基本方針1 (①②), 基本方針2; 基本目標 2
const nodes: PlanNode[] = [
  node(1, 1, '基本目標 1', '「魅力の創出・交流」の拡大', [
    node(11, 2, '基本方針1', '観光の振興と魅力の創出', [
      node(111, 3, '①', '観光の振興'),
      node(112, 3, '②', '国際観光の推進'),
    ]),
    node(12, 2, '基本方針2', '交流・関係の拡大と発信の強化'),
  ]),
  node(2, 1, '基本目標 2', '強みを活かした「産業の振興」'),
];

const ids = (expanded: number[]) => visibleItems(nodes, new Set(expanded)).map((item) => item.node.id);

describe('nodeName', () => {
  test('puts a space after arabic labels', () => {
    expect(nodeName(node(1, 1, '基本目標 1', '「魅力の創出・交流」の拡大'), levels)).toBe(
      '基本目標 1 「魅力の創出・交流」の拡大',
    );
    expect(nodeName(node(11, 2, '基本方針1', '観光の振興と魅力の創出'), levels)).toBe(
      '基本方針1 観光の振興と魅力の創出',
    );
  });

  test('prints circled numbers tight against the title', () => {
    expect(nodeName(node(111, 3, '①', '観光の振興'), levels)).toBe('①観光の振興');
  });

  test('falls back to a space for levels the plan does not describe', () => {
    expect(nodeName(node(9, 4, '1', '事業'), levels)).toBe('1 事業');
  });
});

describe('pathTo', () => {
  test('lists the ancestors down to the node', () => {
    expect(pathTo(nodes, 112)?.map((n) => n.id)).toEqual([1, 11, 112]);
    expect(pathTo(nodes, 2)?.map((n) => n.id)).toEqual([2]);
  });

  test('is null for an unknown id', () => {
    expect(pathTo(nodes, 404)).toBeNull();
  });
});

describe('visibleItems', () => {
  test('shows only the roots when nothing is expanded', () => {
    expect(ids([])).toEqual([1, 2]);
  });

  test('shows the children of expanded nodes only', () => {
    expect(ids([1])).toEqual([1, 11, 12, 2]);
    expect(ids([1, 11])).toEqual([1, 11, 111, 112, 12, 2]);
    // an expanded node under a collapsed one stays hidden
    expect(ids([11])).toEqual([1, 2]);
  });

  test('records the parent, depth and position of each item', () => {
    const items = visibleItems(nodes, new Set([1, 11]));
    const item = (id: number) => {
      const found = items.find((i) => i.node.id === id);
      return (
        found && { parentId: found.parentId, depth: found.depth, pos: found.posInSet, size: found.setSize }
      );
    };
    expect(item(1)).toEqual({ parentId: null, depth: 1, pos: 1, size: 2 });
    expect(item(2)).toEqual({ parentId: null, depth: 1, pos: 2, size: 2 });
    expect(item(12)).toEqual({ parentId: 1, depth: 2, pos: 2, size: 2 });
    expect(item(112)).toEqual({ parentId: 11, depth: 3, pos: 2, size: 2 });
  });
});

describe('treeKeyAction', () => {
  const act = (key: string, expanded: number[], current: number) => {
    const open = new Set(expanded);
    return treeKeyAction(key, visibleItems(nodes, open), open, current);
  };

  test('moves up and down through visible items', () => {
    expect(act('ArrowDown', [1], 1)).toEqual({ kind: 'focus', id: 11 });
    expect(act('ArrowDown', [1], 12)).toEqual({ kind: 'focus', id: 2 });
    expect(act('ArrowUp', [1], 2)).toEqual({ kind: 'focus', id: 12 });
    expect(act('ArrowDown', [], 2)).toBeNull();
    expect(act('ArrowUp', [], 1)).toBeNull();
  });

  test('Home and End go to the first and last visible items', () => {
    expect(act('Home', [1, 11], 112)).toEqual({ kind: 'focus', id: 1 });
    expect(act('End', [1, 11], 1)).toEqual({ kind: 'focus', id: 2 });
  });

  test('ArrowRight expands a closed node, then enters it', () => {
    expect(act('ArrowRight', [], 1)).toEqual({ kind: 'expand', id: 1 });
    expect(act('ArrowRight', [1], 1)).toEqual({ kind: 'focus', id: 11 });
    expect(act('ArrowRight', [1, 11], 111)).toBeNull();
  });

  test('ArrowLeft collapses an open node, else goes to the parent', () => {
    expect(act('ArrowLeft', [1], 1)).toEqual({ kind: 'collapse', id: 1 });
    expect(act('ArrowLeft', [1, 11], 111)).toEqual({ kind: 'focus', id: 11 });
    expect(act('ArrowLeft', [], 1)).toBeNull();
  });

  test('Enter and Space select', () => {
    expect(act('Enter', [1], 11)).toEqual({ kind: 'select', id: 11 });
    expect(act(' ', [1], 11)).toEqual({ kind: 'select', id: 11 });
  });

  test('ignores other keys and unknown items', () => {
    expect(act('a', [], 1)).toBeNull();
    expect(act('ArrowDown', [], 999)).toBeNull();
  });
});
