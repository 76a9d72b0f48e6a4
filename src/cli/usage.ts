/**
 * @module CLI usage
 * The usage of every command, in one text: `hoshin --help` prints it whole, and a command without
 * a usage of its own prints its own lines of it for `--help` and after a wrong argument.
 */

export const usage = `使い方: hoshin <コマンド> [オプション]

  serve [--port 8080]                       画面と API を起動する（PORT 環境変数でも指定可）
  demo                                      デモデータ（美祢市の計画と令和5年度実績）を読み込む
  import report FILE [--json]               進捗報告書（Markdown）を取り込む
        [--municipality CODE] [--municipality-name NAME]
  export report --year 2023 --format md|html|pdf|pptx|xlsx|docx|zip [-o FILE] [--as-of 時点]
                                            進捗報告書を出力する（--year は実績の年度。zip は
                                            全形式をまとめたもの。pdf・pptx・xlsx・docx・zip は -o が必要。
                                            --as-of 2026-12-01T10:00+09:00 でその時点の内容）
  plan period --name 前期基本計画 --from R4 --to R8 [--kind basic-plan|vision]
                                            計画の期間（年度の範囲）を登録する
  kpi scheme --set 基本計画 --scheme nagano  指標の区分の評価基準を設定する（--file で JSON、--list で一覧）
  kpi evaluate < input.json                 KPI を評価する（JSON を標準入力から）
  import kpis FILE [--plan NAME] [--set 基本計画] [--create-nodes] [--replace]
                                            指標の表（xlsx・CSV）を取り込む（hoshin import kpis --help）
  export kpis --year 2023 --format xlsx|csv|json [-o FILE]
                                            指標の表を評価付きで出力する（xlsx は -o が必要）
  import strategy FILE --name NAME [--levels 基本目標,具体的な施策] [--for PLAN]
                                            総合戦略の構成と総合計画の施策との関連を取り込む
  export strategy [--name NAME] [--format csv|xlsx] [-o FILE]
                                            総合戦略の構成表を取り込みと同じ形で出力する
  export change-log [--format csv|json] [-o FILE] [--from 日付] [--to 日付]
                                            変更履歴（誰が・いつ・何を）を出力する
  export open-data --year 2023 --dataset kpis|policies --format csv|csv-bom|json|schema|table-schema|schema-document [-o FILE]
                                            公開済みの年度のオープンデータ（公開ページと同じファイル）を出力する
  publish --year 2023 [--reason 理由]        確定した年度を公開ページ（/public/自治体コード/）に公開する
                                            （公開済みなら訂正版。理由は更新履歴に載る）
  unpublish --year 2023 --reason 理由        年度の公開を取り下げる
  backup -o FILE                            データベース全体をバックアップする（README「バックアップ」）
  restore FILE                              バックアップを空のデータベースに戻す
  user add NAME --role 管理者|企画|担当課|審議会委員|閲覧 [--display-name 氏名] [--department 課名] [--email 宛先]
                                            ユーザーを追加する（パスワードはプロンプトか標準入力）
  user list                                 ユーザーの一覧
  user password NAME                        パスワードを再設定する
  user disable NAME / user enable NAME      ユーザーを無効・有効にする

データベース: DATABASE_URL があれば PostgreSQL、なければ HOSHIN_DATA_DIR（既定 ./data）の内蔵 PGlite。`;

/** Where the description column of {@link usage} starts (wrapped syntax is indented less). */
const DESCRIPTION_COLUMN = 44;

/**
 * What {@link usage} says of one command: its syntax (with wrapped lines) after `使い方: hoshin`, then
 * its description, indented.
 * @example usageOf('user add') // 使い方: hoshin user add NAME --role …\n  ユーザーを追加する…
 */
export function usageOf(command: string): string {
  const lines = usage.split('\n');
  // `user disable NAME / user enable NAME` describes two commands on one line.
  const at = lines.findIndex((line) => new RegExp(`^  (?:.* / )?${command}(?: |$)`, 'u').test(line));
  if (at < 0) throw new Error(`no usage line for ${command}`);
  // The syntax, then (when it leaves room) two or more spaces and the description.
  const [, firstSyntax = '', firstDescription = ''] =
    /^ {2}(.*?)(?: {2,}(.*))?$/u.exec(lines[at] ?? '') ?? [];
  const syntax = [firstSyntax];
  const description = [firstDescription];
  for (const line of lines.slice(at + 1)) {
    const indent = line.length - line.trimStart().length;
    if (indent < 8) break;
    if (indent < DESCRIPTION_COLUMN) syntax.push(line.trimEnd());
    else description.push(line.trim());
  }
  return `使い方: hoshin ${syntax.join('\n')}\n  ${description.filter(Boolean).join('\n  ')}\n`;
}
