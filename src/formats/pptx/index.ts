/**
 * @module PowerPoint report
 * The council report as an editable 16:9 PowerPoint deck (.pptx) in the seed's order: cover,
 * KPI achievement status with native 100 % stacked bar charts, the legend, one page per 基本方針, and
 * the KPI tables as an annex. Long content continues on 「（続き）」 slides; see README.md.
 */
import type { ReportModel } from '../../report/model.ts';
import { FONT_FACE } from './design.ts';
import { createPresentation, drawSlide } from './draw.ts';
import { planDeck, type SlidePlan } from './layout.ts';

/**
 * Renders the council report model as a .pptx file.
 * @example await writeFile('report.pptx', await renderReportPptx(model));
 */
export async function renderReportPptx(model: ReportModel): Promise<Uint8Array> {
  return writeDeck(model, planDeck(model));
}

/**
 * Writes slides already planned by {@link planDeck}: pptxgenjs alone, no layout work (the bench
 * times this as the limit of the PowerPoint renderer).
 * @example await writeDeck(model, planDeck(model));
 */
export async function writeDeck(model: ReportModel, slides: SlidePlan[]): Promise<Uint8Array> {
  const pptx = createPresentation();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.theme = { headFontFace: FONT_FACE, bodyFontFace: FONT_FACE };
  pptx.title = model.cover.title;
  pptx.subject = model.cover.subtitle;
  pptx.author = model.municipality.name;
  pptx.company = model.municipality.name;
  for (const slide of slides) drawSlide(pptx, slide);
  // pptxgenjs 4.0.1 compresses only for the 'STREAM' output type (a Node Buffer); with any other
  // type it stores the parts uncompressed, and the slide XML is verbose (tables: ~200 kB a slide).
  const file = await pptx.write({ outputType: 'STREAM', compression: true });
  if (!(file instanceof Uint8Array)) throw new Error('pptxgenjs did not return bytes');
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
}
