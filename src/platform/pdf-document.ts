import fs from 'node:fs';
import PDFDocument from 'pdfkit';

/** A CJK font file, or one member (by PostScript name) of a collection (.ttc). */
export interface CjkFontFile {
  path: string;
  member?: string;
}

/** Font files are read once per process: a CJK font is 10–20 MB and every document needs it. */
const fontBytes = new Map<string, Buffer>();

/** The bytes of a font file, read once per process (for renderers that register the font themselves). */
export function readFont(p: string): Buffer {
  let b = fontBytes.get(p);
  if (!b) {
    b = fs.readFileSync(p);
    fontBytes.set(p, b);
  }
  return b;
}

/**
 * A pdfkit document with the CJK font registered as `cjk` and selected (pdfkit embeds only the
 * glyphs used), and `finish`, which ends it and resolves to its bytes.
 */
export function cjkPdfDocument(options: PDFKit.PDFDocumentOptions, font: CjkFontFile): { doc: PDFKit.PDFDocument; finish: () => Promise<Buffer> } {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const bytes = readFont(font.path);
  if (font.member) doc.registerFont('cjk', bytes, font.member);
  else doc.registerFont('cjk', bytes);
  doc.font('cjk');
  return {
    doc,
    finish: async () => {
      doc.end();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}
