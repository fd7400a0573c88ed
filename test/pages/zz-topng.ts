// temporary helper (not committed): renders JPEG screenshots to PNG for viewing
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../browser/chromium';
import fs from 'node:fs'; import path from 'node:path';
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs.filter((a) => !a.startsWith('--host-resolver')) });
const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
for (const f of process.argv.slice(2)) {
  const data = fs.readFileSync(f).toString('base64');
  await page.setContent(`<body style="margin:0"><img id=i src="data:image/jpeg;base64,${data}"></body>`);
  const out = path.join('/tmp/walk/png', f.split('/').slice(-3).join('_').replace('.jpg', '.png'));
  await page.locator('#i').screenshot({ path: out });
  console.log(out);
}
await browser.close();
