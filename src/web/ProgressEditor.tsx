/**
 * @module Progress editor
 * Writing a policy's texts of a year: 主な取組内容／実績 and 主な取組／今後の方向性 as item lists — add,
 * edit, move up or down, delete — saved together against the version read. When someone saved
 * first (409), both texts are shown, 「保存されている内容」 and 「あなたの入力」, and the writer either
 * takes the saved one or overwrites it on purpose; nothing is lost silently.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { PROGRESS_ITEM_MAX_LENGTH, PROGRESS_ITEMS_MAX } from '../features/progress/contract.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ProgressConflict, type ProgressTexts, saveProgressTexts } from './progress-api.ts';
import { refusalOutcome } from './refusal.ts';
import { useUnsavedChanges } from './unsaved-changes.ts';
import './progress.css';

/** An item being edited; `key` keeps its textarea when items move. */
interface DraftItem {
  key: number;
  text: string;
}

let nextKey = 1;
const draftOf = (items: string[]): DraftItem[] => items.map((text) => ({ key: nextKey++, text }));
const textsOf = (items: DraftItem[]) => items.map((item) => item.text);

interface ProgressEditorProps {
  texts: ProgressTexts;
  /** Shown beside the results (前年度の方向性), so what was promised and what was done sit side by side. */
  besideResults?: ReactNode;
  onSaved: (texts: ProgressTexts) => void;
}

export function ProgressEditor({ texts, besideResults, onSaved }: ProgressEditorProps) {
  const [results, setResults] = useState(() => draftOf(texts.record?.results ?? []));
  const [directions, setDirections] = useState(() => draftOf(texts.record?.directions ?? []));
  const [version, setVersion] = useState<number | null>(texts.record?.version ?? null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [conflict, setConflict] = useState<ProgressConflict | null>(null);
  const saved = texts.record;
  const dirty =
    JSON.stringify([textsOf(results), textsOf(directions)]) !==
    JSON.stringify([saved?.results ?? [], saved?.directions ?? []]);
  // Another item of the tree, another screen or leaving the page asks first while this is unsaved.
  useUnsavedChanges(dirty);

  const save = async (asVersion: number | null) => {
    setOutcome({ kind: 'saving' });
    try {
      const answer = await saveProgressTexts(texts.nodeId, texts.fiscalYear, {
        results: textsOf(results),
        directions: textsOf(directions),
        version: asVersion,
      });
      setConflict(null);
      const record = answer.texts.record;
      setResults(draftOf(record?.results ?? []));
      setDirections(draftOf(record?.directions ?? []));
      setVersion(record?.version ?? null);
      setOutcome({
        kind: 'saved',
        message:
          answer.action === 'unchanged'
            ? '変更はありませんでした。'
            : `${texts.fiscalYearLabel}の進捗状況を保存しました。`,
      });
      onSaved(answer.texts);
    } catch (error) {
      if (error instanceof ProgressConflict) {
        setConflict(error);
        setOutcome({ kind: 'conflict', message: error.message });
        return;
      }
      setOutcome(refusalOutcome(error));
    }
  };

  const takeSaved = (record: ProgressConflict['saved']) => {
    setResults(draftOf(record?.results ?? []));
    setDirections(draftOf(record?.directions ?? []));
    setVersion(record?.version ?? null);
    setConflict(null);
    setOutcome({ kind: 'saved', message: '保存されている内容を読み込みました。' });
  };

  const busy = outcome.kind === 'saving';
  return (
    <form
      className="progress-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save(version);
      }}
    >
      <div className="pdca">
        {besideResults}
        <ItemListEditor heading={texts.resultsHeading} items={results} onChange={setResults} />
      </div>
      <ItemListEditor heading={texts.directionsHeading} items={directions} onChange={setDirections} />
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          busy={busy}
          onTakeSaved={() => takeSaved(conflict.saved)}
          onOverwrite={() => void save(conflict.saved?.version ?? null)}
        />
      )}
      <div className="progress-editor-actions">
        <button type="submit" className="button" disabled={busy || conflict !== null}>
          {busy ? '保存中…' : '保存'}
        </button>
        {dirty && !busy && <span className="field-hint">未保存の変更があります</span>}
      </div>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}

interface ItemListEditorProps {
  heading: string;
  items: DraftItem[];
  onChange: (items: DraftItem[]) => void;
}

function ItemListEditor({ heading, items, onChange }: ItemListEditorProps) {
  const headingId = useId();
  const focusKey = useRef<number | null>(null);
  const fields = useRef(new Map<number, HTMLTextAreaElement>());
  // After add or move, the focus follows the item.
  useEffect(() => {
    if (focusKey.current === null) return;
    fields.current.get(focusKey.current)?.focus();
    focusKey.current = null;
  });

  const move = (index: number, by: -1 | 1) => {
    const next = [...items];
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + by, 0, item);
    focusKey.current = item.key;
    onChange(next);
  };
  const add = () => {
    const item = { key: nextKey++, text: '' };
    focusKey.current = item.key;
    onChange([...items, item]);
  };

  return (
    <section className="card progress-list-editor" aria-labelledby={headingId}>
      <h3 id={headingId}>{heading}</h3>
      {items.length === 0 && (
        <p className="field-hint">項目はまだありません。「項目を追加」で書き始めてください。</p>
      )}
      <ol className="item-editor-list">
        {items.map((item, index) => {
          const label = `${heading}の${index + 1}項目目`;
          const length = [...item.text].length;
          return (
            <li key={item.key} className="item-editor">
              <textarea
                aria-label={label}
                value={item.text}
                rows={3}
                maxLength={PROGRESS_ITEM_MAX_LENGTH}
                ref={(element) => {
                  if (element) fields.current.set(item.key, element);
                  else fields.current.delete(item.key);
                }}
                onChange={(event) =>
                  onChange(items.map((i) => (i.key === item.key ? { ...i, text: event.target.value } : i)))
                }
              />
              <div className="item-editor-buttons">
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={`${label}を上へ`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  上へ
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={`${label}を下へ`}
                  disabled={index === items.length - 1}
                  onClick={() => move(index, 1)}
                >
                  下へ
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={`${label}を削除`}
                  onClick={() => onChange(items.filter((i) => i.key !== item.key))}
                >
                  削除
                </button>
                {length > PROGRESS_ITEM_MAX_LENGTH * 0.9 && (
                  <span className="field-hint">
                    {length} / {PROGRESS_ITEM_MAX_LENGTH}文字
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button-secondary"
        onClick={add}
        disabled={items.length >= PROGRESS_ITEMS_MAX}
      >
        項目を追加
      </button>
    </section>
  );
}

function ConflictPanel({
  conflict,
  busy,
  onTakeSaved,
  onOverwrite,
}: {
  conflict: ProgressConflict;
  busy: boolean;
  onTakeSaved: () => void;
  onOverwrite: () => void;
}) {
  const headingId = useId();
  return (
    <section className="card progress-conflict" aria-labelledby={headingId}>
      <h3 id={headingId}>保存されている内容とあなたの入力</h3>
      <div className="progress-conflict-columns">
        <div>
          <h4>保存されている内容</h4>
          {conflict.saved ? (
            <TextsSummary results={conflict.saved.results} directions={conflict.saved.directions} />
          ) : (
            <p>（保存されている内容はありません）</p>
          )}
        </div>
        <div>
          <h4>あなたの入力</h4>
          <TextsSummary results={conflict.yours.results} directions={conflict.yours.directions} />
        </div>
      </div>
      <div className="progress-editor-actions">
        <button type="button" className="button button-secondary" disabled={busy} onClick={onTakeSaved}>
          保存されている内容を読み込む（あなたの入力は破棄）
        </button>
        <button type="button" className="button" disabled={busy} onClick={onOverwrite}>
          あなたの入力で上書き保存する
        </button>
      </div>
    </section>
  );
}

function TextsSummary({ results, directions }: { results: string[]; directions: string[] }) {
  return (
    <>
      <h5>実績</h5>
      <SimpleList items={results} />
      <h5>今後の方向性</h5>
      <SimpleList items={directions} />
    </>
  );
}

/** A read-only list of items, or 「記載はありません」. */
export function SimpleList({ items }: { items: string[] }) {
  if (items.length === 0) return <p className="field-hint">記載はありません</p>;
  return (
    <ul className="item-list">
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: read-only ordered data; position is its identity
        <li key={index}>{item}</li>
      ))}
    </ul>
  );
}
