/**
 * @module Linked nodes
 * The nodes of another plan linked to the selected one: on a 総合戦略 node 「関連する総合計画の施策」,
 * on a 総合計画 node 「総合戦略での位置づけ」. Each is a real link (`?plan=…&node=…&year=…`, so it can be
 * opened in a new tab or copied); a plain click switches plan and node in place.
 */
import { type MouseEvent, type ReactNode, useId } from 'react';
import type { NodeLink } from './api.ts';
import { EmptyNotice } from './Notice.tsx';
import { selectionSearch } from './selection.ts';
import './linked-nodes.css';

interface LinkedNodesProps {
  heading: string;
  /** A sentence above the list saying what the links are. */
  intro?: ReactNode;
  links: NodeLink[];
  /** Shown when there are no links. */
  empty: string;
  /** Kept in the links' addresses. */
  fiscalYear: number | null;
  onNavigate: (link: NodeLink) => void;
}

/** The part of a path label above the node itself: '基本目標 1 ＞ 基本方針1 ＞ ' of '… ＞ ①観光の振興'. */
export function splitPathLabel(pathLabel: string): { above: string; own: string } {
  const at = pathLabel.lastIndexOf(' ＞ ');
  if (at < 0) return { above: '', own: pathLabel };
  return { above: pathLabel.slice(0, at + 3), own: pathLabel.slice(at + 3) };
}

export function LinkedNodes({ heading, intro, links, empty, fiscalYear, onNavigate }: LinkedNodesProps) {
  const headingId = useId();
  // Name the plan only when the links reach more than one (e.g. two 総合戦略).
  const manyPlans = new Set(links.map((link) => link.planId)).size > 1;
  const onClick = (event: MouseEvent<HTMLAnchorElement>, link: NodeLink) => {
    // A new tab or window (Ctrl, Shift, middle button…) takes the address as it is.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onNavigate(link);
  };
  return (
    <section className="card linked-nodes" aria-labelledby={headingId}>
      <h3 id={headingId}>{heading}</h3>
      {links.length === 0 ? (
        <EmptyNotice>{empty}</EmptyNotice>
      ) : (
        <>
          {intro && <p className="linked-intro">{intro}</p>}
          <ul className="linked-list">
            {links.map((link) => {
              const { above, own } = splitPathLabel(link.pathLabel);
              return (
                <li key={`${link.planId}:${link.nodeId}`}>
                  <a
                    className="linked-node"
                    href={selectionSearch({ planId: link.planId, nodeId: link.nodeId, fiscalYear })}
                    onClick={(event) => onClick(event, link)}
                  >
                    {manyPlans && <span className="linked-plan">{link.planName}：</span>}
                    {above && <span className="linked-above">{above}</span>}
                    <span className="linked-own">{own}</span>
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
