/**
 * @module Council report as a Word document
 * The progress report for the planning council's minutes: cover, table of contents, KPI
 * achievement per set, the legend, one page per 基本方針 and the KPI annex. Renders the
 * {@link ReportModel} only; every label comes from it.
 *
 * A4 portrait for the body, as minutes are filed and the policy pages are mostly running text;
 * the annex, whose KPI table has thirteen columns, is a landscape section.
 */
import { AlignmentType, Document, Footer, Header, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { DRAFT_MARK, type ReportModel } from '../../report/model.ts';
import { annex, contents, councilSection, cover, kpiSection, legend, policyPages } from './pages.ts';
import { LANDSCAPE, MUTED, NUMBERING, PORTRAIT, STYLES } from './styles.ts';

export { ANNEX_HEADING, TOC_HEADING } from './pages.ts';

/**
 * Renders the council report as a .docx file.
 * @example
 * const bytes = await renderReportDocx(await buildReportModel(db, { municipalityId: 1, fiscalYear: 2023 }));
 * await writeFile('report.docx', bytes);
 */
export async function renderReportDocx(model: ReportModel): Promise<Uint8Array> {
  return prepareReportDocx(model).write();
}

/** A Word document built and ready to be written. */
export interface PreparedDocument {
  /** Packs the document (docx alone; the bench times this as the Word limit). */
  write(): Promise<Uint8Array>;
}

/**
 * Builds the council report's Word document without packing it.
 * @example const bytes = await prepareReportDocx(model).write();
 */
export function prepareReportDocx(model: ReportModel): PreparedDocument {
  const footer = () =>
    new Footer({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'], size: 18, color: MUTED })],
        }),
      ],
    });
  // A draft carries 「案」 in the header of every page, the cover's included.
  const draftHeader = () =>
    model.draft
      ? {
          headers: {
            default: new Header({
              children: [
                new Paragraph({
                  alignment: AlignmentType.RIGHT,
                  children: [new TextRun({ text: DRAFT_MARK, bold: true, size: 28, color: 'A11D1D' })],
                }),
              ],
            }),
          },
        }
      : {};
  const document = new Document({
    title: [model.cover.title, model.cover.subtitle].filter(Boolean).join(' '),
    subject: model.kpiSection.heading,
    description: model.cover.councilMeeting,
    creator: 'Hoshin',
    lastModifiedBy: 'Hoshin',
    styles: STYLES,
    numbering: NUMBERING,
    sections: [
      // The cover carries no page number; numbering starts at 1 on the table of contents.
      { properties: { page: PORTRAIT }, ...draftHeader(), children: cover(model) },
      {
        properties: { page: { ...PORTRAIT, pageNumbers: { start: 1 } } },
        ...draftHeader(),
        footers: { default: footer() },
        children: [
          ...contents(),
          ...kpiSection(model),
          ...legend(model),
          ...policyPages(model),
          ...councilSection(model.councilComments),
        ],
      },
      {
        properties: { page: LANDSCAPE },
        ...draftHeader(),
        footers: { default: footer() },
        children: annex(model),
      },
    ],
  });
  return { write: () => Packer.pack(document, 'uint8array') };
}
