import { describe, expect, it } from 'vitest';
import { effectiveDepartments } from './effective-department.ts';

describe('effectiveDepartments', () => {
  const nodes = [
    { id: 1, parentId: null, departmentId: 7 },
    { id: 2, parentId: 1, departmentId: null },
    { id: 3, parentId: 2, departmentId: 9 },
    { id: 4, parentId: 3, departmentId: null },
    { id: 5, parentId: null, departmentId: null },
  ];
  const departmentOf = effectiveDepartments(nodes);

  it("takes a node's own department, else the nearest ancestor's", () => {
    expect(departmentOf(1)).toBe(7);
    expect(departmentOf(2)).toBe(7);
    expect(departmentOf(3)).toBe(9);
    expect(departmentOf(4)).toBe(9);
  });

  it('answers null for a node without one above it, and for an unknown node', () => {
    expect(departmentOf(5)).toBeNull();
    expect(departmentOf(99)).toBeNull();
  });

  it('ends on a cycle in broken data', () => {
    const broken = effectiveDepartments([
      { id: 1, parentId: 2, departmentId: null },
      { id: 2, parentId: 1, departmentId: null },
    ]);
    expect(broken(1)).toBeNull();
  });
});
