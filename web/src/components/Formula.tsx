import { Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * A formula in plain notation ("P_ij = f_ij / T_i"): `_x` becomes a subscript. Notation has no
 * language, so the element is marked `lang="zxx"` (BCP 47: no linguistic content) and screen
 * readers and the page walk's language rules treat it as such; words inside it in Chinese keep
 * their own `lang`.
 */
export function Formula({ children }: { children: string }) {
  const parts: ReactNode[] = [];
  // A symbol's subscript: letters or digits after an underscore.
  const pattern = /_([A-Za-z0-9]+)|(\p{Script=Han}+)/gu;
  let last = 0;
  for (const m of children.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(children.slice(last, at));
    parts.push(m[1] !== undefined ? <sub key={at}>{m[1]}</sub> : <span key={at} lang="zh-CN">{m[2]}</span>);
    last = at + m[0].length;
  }
  if (last < children.length) parts.push(children.slice(last));
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} lang="zxx">
      {parts}
    </Typography.Text>
  );
}
