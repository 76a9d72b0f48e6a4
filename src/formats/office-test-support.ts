/**
 * @module Office files in tests
 * Reading what the renderers wrote: a zip's text parts (pptx, xlsx, docx are zips of XML) and the
 * text of an XML run with its five predefined entities decoded.
 */
import JSZip from 'jszip';

/**
 * Every entry of a zip file, by path, as UTF-8 text.
 * @example (await readZipText(bytes)).get('ppt/presentation.xml')
 */
export async function readZipText(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((name) => !zip.files[name]?.dir);
  const texts = await Promise.all(names.map((name) => zip.file(name)?.async('string') ?? ''));
  return new Map(names.map((name, i) => [name, texts[i] ?? '']));
}

/**
 * XML text with its entities decoded (&amp; last, so that &amp;lt; stays 「&lt;」).
 * @example decodeXml('A&amp;B') // 'A&B'
 */
export function decodeXml(xml: string): string {
  return xml
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
