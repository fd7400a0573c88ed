/** Atom 1.0 and RSS 2.0 feeds of published bulletins (built as text; every value escaped). */
import type { PublicBulletinView } from './bulletins.schema';
import { levelLabels } from './bulletins.labels';

const FEED_TITLE = 'herbloop 基本药物供应预警通报';
const FEED_SUBTITLE = '中成药基本药物原料成本（Y/P）预警通报 — essential-medicine supply warnings';

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function summary(b: PublicBulletinView): string {
  const products = b.products.map((p) => p.nameZh).join('、');
  const first = b.analysis.split(/\r?\n/).find((s) => s.trim() !== '') ?? '';
  return `${levelLabels[b.level]}｜${products}｜${first.trim().slice(0, 400)}`;
}

export function atomFeed(items: readonly PublicBulletinView[], publicUrl: string): string {
  const updated = items[0]?.publishedAt ?? new Date(0).toISOString();
  const entries = items.map(
    (b) => `  <entry>
    <title>${xmlEscape(`${b.number ?? ''} ${b.title}`.trim())}</title>
    <id>urn:uuid:${b.id}</id>
    <published>${b.publishedAt}</published>
    <updated>${b.publishedAt}</updated>
    <link rel="alternate" type="text/html" href="${xmlEscape(b.links.page)}"/>
    <link rel="enclosure" type="application/pdf" href="${xmlEscape(b.links.pdf)}"/>
    <category term="${b.level}" label="${xmlEscape(levelLabels[b.level])}"/>
    <author><name>${xmlEscape(b.publisher ?? 'herbloop')}</name></author>
    <summary type="text">${xmlEscape(summary(b))}</summary>
    <content type="text">${xmlEscape(b.analysis)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <title>${xmlEscape(FEED_TITLE)}</title>
  <subtitle>${xmlEscape(FEED_SUBTITLE)}</subtitle>
  <id>${xmlEscape(`${publicUrl}/public/bulletins`)}</id>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(`${publicUrl}/api/v1/public/bulletins/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(`${publicUrl}/public/bulletins`)}"/>
  <generator>herbloop</generator>
${entries.join('\n')}
</feed>
`;
}

export function rssFeed(items: readonly PublicBulletinView[], publicUrl: string): string {
  const list = `${publicUrl}/public/bulletins`;
  const entries = items.map(
    (b) => `    <item>
      <title>${xmlEscape(`${b.number ?? ''} ${b.title}`.trim())}</title>
      <link>${xmlEscape(b.links.page)}</link>
      <guid isPermaLink="false">urn:uuid:${b.id}</guid>
      <pubDate>${new Date(b.publishedAt!).toUTCString()}</pubDate>
      <category>${xmlEscape(levelLabels[b.level])}</category>
      <description>${xmlEscape(summary(b))}</description>
      <enclosure url="${xmlEscape(b.links.pdf)}" type="application/pdf" length="0"/>
    </item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xmlEscape(FEED_TITLE)}</title>
    <link>${xmlEscape(list)}</link>
    <description>${xmlEscape(FEED_SUBTITLE)}</description>
    <language>zh-CN</language>
    <atom:link rel="self" type="application/rss+xml" href="${xmlEscape(`${publicUrl}/api/v1/public/bulletins/feed.rss`)}"/>
${entries.join('\n')}
  </channel>
</rss>
`;
}
