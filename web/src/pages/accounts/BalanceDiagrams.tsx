import { useTranslation } from 'react-i18next';
import type { Reconciliation } from './api';
import { type FlowRow, hasCycle, type ProcessRow, processLevels } from './balanceModel';
import { Chart } from '../../components/Chart';

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const label = (f: { id: string; name: string }) => f.name || f.id;

/**
 * The model as a process flow diagram: processes left to right by their position in the chain,
 * inputs from outside drawn above the process they feed, outputs to outside below the process
 * they leave, so every arrow is visible. Unknown flows are dashed, fixed ones grey.
 */
export function ModelDiagram({ processes, flows }: { processes: ProcessRow[]; flows: FlowRow[] }) {
  const levels = processLevels(processes, flows);
  const perLevel = new Map<number, number>();
  const position = new Map<string, { x: number; y: number }>();
  for (const p of processes) {
    const level = levels.get(p.id) ?? 0;
    const row = perLevel.get(level) ?? 0;
    perLevel.set(level, row + 1);
    position.set(p.id, { x: level * 320, y: row * 300 });
  }
  const nodes: object[] = processes.map((p) => ({
    id: `p:${p.id}`,
    name: p.name || p.id,
    ...position.get(p.id)!,
    symbol: 'roundRect',
    symbolSize: [140, 46],
    itemStyle: { color: '#e8f3ec', borderColor: '#2f7d4f', borderWidth: 1.5 },
    label: { show: true, color: '#1f3d2b', fontWeight: 600, width: 140, overflow: 'truncate' },
  }));
  const amount = (f: FlowRow) => {
    if (f.mode === 'unknown' || f.value === null || f.value === undefined) return '?';
    const sd = f.mode !== 'measured' ? null : f.sd ?? (f.sdPct !== null && f.sdPct !== undefined ? (Math.abs(f.value) * f.sdPct) / 100 : null);
    return sd === null ? fmt(f.value, 0) : `${fmt(f.value, 0)} ± ${fmt(sd, 0)}`;
  };
  // External ends: spread side by side above (inputs) or below (outputs) their process.
  const outside = (f: FlowRow, processId: string | null, side: -1 | 1, siblings: FlowRow[]) => {
    const at = processId ? position.get(processId) : undefined;
    const k = siblings.indexOf(f);
    const x = (at?.x ?? (side < 0 ? -300 : 300 * (Math.max(0, ...levels.values()) + 1))) + (k - (siblings.length - 1) / 2) * 130;
    const y = (at?.y ?? 0) + side * 120;
    // The amount goes into the box: a label along a vertical arrow would be drawn rotated.
    nodes.push({
      id: `${side < 0 ? 'in' : 'out'}:${f.id}`,
      name: label(f),
      x,
      y,
      symbol: 'rect',
      symbolSize: [120, 36],
      itemStyle: { color: '#fafafa', borderColor: f.mode === 'unknown' ? '#d48806' : '#bfbfbf', borderType: f.mode === 'unknown' ? 'dashed' : 'solid' },
      label: { show: true, fontSize: 11, color: '#595959', width: 114, overflow: 'truncate', formatter: `${label(f)}\n${amount(f)}` },
    });
  };
  for (const f of flows) {
    if (f.from === null) outside(f, f.to, -1, flows.filter((g) => g.from === null && g.to === f.to));
    if (f.to === null) outside(f, f.from, 1, flows.filter((g) => g.to === null && g.from === f.from));
  }
  const pairCount = new Map<string, number>();
  const links = flows.map((f) => {
    const internal = f.from !== null && f.to !== null;
    const source = f.from === null ? `in:${f.id}` : `p:${f.from}`;
    let target = f.to === null ? `out:${f.id}` : `p:${f.to}`;
    if (internal && position.has(f.to!)) {
      // ECharts shortens an edge by the mean of the box's sides, which leaves the arrowhead of a
      // horizontal edge hidden under a wide box: aim at an invisible point on its left side.
      const at = position.get(f.to!)!;
      target = `anchor:${f.id}`;
      nodes.push({ id: target, name: '', x: at.x - 71, y: at.y, symbolSize: 1, itemStyle: { opacity: 0 }, label: { show: false }, tooltip: { show: false } });
    }
    const pair = `${source}>${target}`;
    const n = pairCount.get(pair) ?? 0;
    pairCount.set(pair, n + 1);
    return {
      source,
      target,
      value: amount(f),
      label: { show: internal, formatter: `${label(f)}\n${amount(f)}`, fontSize: 11, color: '#333' },
      lineStyle: { curveness: n * 0.2, color: f.mode === 'unknown' ? '#d48806' : f.mode === 'fixed' ? '#8c8c8c' : '#2f7d4f', type: f.mode === 'unknown' ? 'dashed' : 'solid', width: 1.8 },
    };
  });
  const rows = Math.max(1, ...perLevel.values());
  const option = {
    tooltip: { formatter: (p: { dataType: string; data: { value: string }; name: string }) => (p.dataType === 'edge' ? p.data.value : p.name) },
    series: [{ type: 'graph', layout: 'none', roam: true, nodeScaleRatio: 0, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 10, nodes, links, edgeLabel: { show: true }, left: 80, right: 80, top: 40, bottom: 40 }],
  };
  return <Chart option={option} height={Math.max(340, rows * 300 + 40)} testId="model-diagram" />;
}

/** The reconciled balance as a Sankey: outside inputs on the left, products and losses on the right. */
export function ResultSankey({ processes, flows, result }: { processes: ProcessRow[]; flows: FlowRow[]; result: Reconciliation }) {
  const { t } = useTranslation();
  if (hasCycle(processes, flows)) return <ModelDiagram processes={processes} flows={flows} />;
  const nodes: { name: string; label: string; itemStyle?: object }[] = processes.map((p) => ({ name: `p:${p.id}`, label: p.name || p.id }));
  const links: object[] = [];
  for (const f of flows) {
    const estimate = result.flows[f.id];
    if (!estimate || estimate.value === null) continue;
    const source = f.from === null ? `in:${f.id}` : `p:${f.from}`;
    const target = f.to === null ? `out:${f.id}` : `p:${f.to}`;
    if (f.from === null) nodes.push({ name: source, label: label(f), itemStyle: { color: '#8c6d5b' } });
    if (f.to === null) nodes.push({ name: target, label: label(f), itemStyle: { color: '#5b8c5a' } });
    links.push({ source, target, value: Math.max(Math.abs(estimate.value), 1e-9), flow: label(f), reconciled: estimate.value, sd: estimate.sd, measured: estimate.measured, measuredSd: estimate.measuredSd, status: estimate.status });
  }
  const labels = new Map(nodes.map((n) => [n.name, n.label]));
  type EdgeData = { flow: string; reconciled: number; sd: number | null; measured?: number; measuredSd?: number; status: string };
  const option = {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataType: string; data: EdgeData; name: string; value: number }) => {
        if (p.dataType !== 'edge') return `${labels.get(p.name) ?? p.name}: ${fmt(p.value)}`;
        const d = p.data;
        const measured = d.measured !== undefined ? `<br/>${t('accounts.balance.measured')}: ${fmt(d.measured)}${d.measuredSd !== undefined ? ` ± ${fmt(d.measuredSd)}` : ''}` : '';
        return `<b>${d.flow}</b><br/>${t('accounts.balance.reconciled')}: ${fmt(d.reconciled)}${d.sd !== null && d.sd > 0 ? ` ± ${fmt(d.sd)}` : ''}${measured}<br/>${t(`accounts.balance.status.${d.status}`)}`;
      },
    },
    series: [
      {
        type: 'sankey',
        data: nodes,
        links,
        nodeAlign: 'justify',
        nodeGap: 18,
        left: 10,
        right: 230,
        top: 10,
        bottom: 10,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.45 },
        itemStyle: { color: '#2f7d4f' },
        label: {
          formatter: (p: { name: string; value: number }) => `${labels.get(p.name) ?? p.name}  ${fmt(p.value, 0)}`,
          fontSize: 12,
          // Process labels sit over the ribbons; a light backdrop keeps them readable.
          backgroundColor: 'rgba(255,255,255,0.75)',
          padding: [2, 4],
          borderRadius: 3,
        },
      },
    ],
  };
  return <Chart option={option} height={Math.max(420, nodes.length * 40)} testId="result-sankey" />;
}
