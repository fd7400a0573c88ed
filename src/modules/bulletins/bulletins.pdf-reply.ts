import type { FastifyReply } from 'fastify';
import type { renderBulletinPdf } from './bulletins.pdf';
import { publicRef } from './bulletins.presenter';

/** Sends a bulletin as an inline PDF (public and monitors' routes). */
export async function sendPdf(reply: FastifyReply, bulletin: Parameters<typeof renderBulletinPdf>[0], fontSetting: string | undefined) {
  // pdfkit takes ~0.4 s to load: every CLI command builds the server's module graph, few need PDFs.
  const { renderBulletinPdf, resolvePdfFont } = await import('./bulletins.pdf');
  const pdf = await renderBulletinPdf(bulletin, resolvePdfFont(fontSetting));
  const name = `bulletin-${publicRef(bulletin)}.pdf`;
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${bulletin.number ?? ''} ${bulletin.title}`.trim())}.pdf`)
    .send(pdf);
}
