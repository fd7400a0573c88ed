import type { EChartsCoreOption } from 'echarts/core';
import type { MapFlow, MapNode } from './api';
import { citySeries, coordinateAxes, coordinateExtent } from '../../charts/coordinateCanvas';

/**
 * Chart options of the symbiosis page, pure functions of the map's nodes and flows (so they are
 * unit-tested without a browser). Names come in already translated.
 */

export interface Names {
  node: (n: MapNode) => string;
  /** The outside of the park as a source and as a sink (two nodes, so the Sankey stays acyclic). */
  outsideIn: string;
  outsideOut: string;
}

export interface Link {
  source: string;
  target: string;
  value: number;
}

/**
 * The links of a Sankey: flows summed per pair of named ends. ECharts draws only acyclic
 * graphs, so a link that would close a cycle (a loop back between firms) is left out of the
 * drawing and returned in `dropped`; the table view still lists every flow.
 */
export function sankeyLinks(flows: readonly MapFlow[], nodes: readonly MapNode[], names: Names): { links: Link[]; dropped: Link[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const sum = new Map<string, Link>();
  for (const f of flows) {
    const source = f.from === null ? names.outsideIn : byId.has(f.from) ? names.node(byId.get(f.from)!) : names.outsideIn;
    const target = f.to === null ? names.outsideOut : byId.has(f.to) ? names.node(byId.get(f.to)!) : names.outsideOut;
    if (source === target) continue;
    const key = `${source}\u0000${target}`;
    const link = sum.get(key) ?? { source, target, value: 0 };
    link.value += f.quantity;
    sum.set(key, link);
  }
  // Largest links first, so a cycle loses its smallest link.
  const ordered = [...sum.values()].sort((a, b) => b.value - a.value);
  const next = new Map<string, Set<string>>();
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>([from]);
    const stack = [from];
    while (stack.length) {
      const x = stack.pop()!;
      if (x === to) return true;
      for (const y of next.get(x) ?? []) {
        if (seen.has(y)) continue;
        seen.add(y);
        stack.push(y);
      }
    }
    return false;
  };
  const links: Link[] = [];
  const dropped: Link[] = [];
  for (const l of ordered) {
    if (reaches(l.target, l.source)) {
      dropped.push(l);
      continue;
    }
    if (!next.has(l.source)) next.set(l.source, new Set());
    next.get(l.source)!.add(l.target);
    links.push(l);
  }
  return { links, dropped };
}

export function sankeyOption(links: readonly Link[], unit: string): EChartsCoreOption {
  const names = [...new Set(links.flatMap((l) => [l.source, l.target]))];
  return {
    tooltip: { trigger: 'item', valueFormatter: (v: number) => `${v.toLocaleString('zh-CN', { maximumFractionDigits: 1 })} ${unit}` },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 96,
        top: 8,
        bottom: 8,
        nodeGap: 10,
        emphasis: { focus: 'adjacency' },
        label: { fontSize: 11, overflow: 'truncate', width: 110 },
        lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.45 },
        data: names.map((name) => ({ name })),
        links: links.map((l) => ({ ...l })),
      },
    ],
  };
}

const NODE_COLOURS: Record<MapNode['kind'], string> = {
  firm: '#389e0d',
  'district-heating': '#d4380d',
  'sewage-works': '#096dd9',
  'kiln-co-processing': '#ad6800',
  landfill: '#8c8c8c',
  incinerator: '#cf1322',
};

/**
 * The network on its sites' coordinates (longitude × latitude): nodes sized by their throughput,
 * links by quantity; partner firms outside the park hollow; city names in grey.
 */
export function networkOption(nodes: readonly MapNode[], flows: readonly MapFlow[], names: Names & { cities: boolean; en: boolean; lon: string; lat: string }): EChartsCoreOption {
  const placed = nodes.filter((n) => n.lat !== null && n.lon !== null);
  const ids = new Set(placed.map((n) => n.id));
  const through = new Map<string, number>();
  const pairs = new Map<string, { source: string; target: string; value: number }>();
  for (const f of flows) {
    for (const id of [f.from, f.to]) if (id !== null) through.set(id, (through.get(id) ?? 0) + f.quantity);
    if (f.from === null || f.to === null || !ids.has(f.from) || !ids.has(f.to) || f.from === f.to) continue;
    const key = `${f.from}>${f.to}`;
    const p = pairs.get(key) ?? { source: f.from, target: f.to, value: 0 };
    p.value += f.quantity;
    pairs.set(key, p);
  }
  const max = Math.max(1, ...[...pairs.values()].map((p) => p.value));
  const maxThrough = Math.max(1, ...through.values());
  const extent = coordinateExtent(placed.map((n) => ({ lon: n.lon!, lat: n.lat! })), 0.05);
  return {
    grid: { left: 48, right: 16, top: 16, bottom: 40 },
    tooltip: { trigger: 'item' },
    ...coordinateAxes(extent, names),
    series: [
      citySeries(extent, names.en),
      {
        type: 'graph',
        coordinateSystem: 'cartesian2d',
        layout: 'none',
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 6,
        label: { show: true, position: 'right', fontSize: 10, formatter: '{b}' },
        labelLayout: { hideOverlap: true },
        data: placed.map((n) => ({
          id: n.id,
          name: names.node(n),
          value: [n.lon!, n.lat!],
          symbolSize: 8 + 18 * Math.sqrt((through.get(n.id) ?? 0) / maxThrough),
          itemStyle: n.inside ? { color: NODE_COLOURS[n.kind] } : { color: '#fff', borderColor: NODE_COLOURS[n.kind], borderWidth: 2 },
        })),
        links: [...pairs.values()].map((p) => ({ source: p.source, target: p.target, value: p.value, lineStyle: { width: 1 + 5 * (p.value / max), opacity: 0.6, curveness: 0.15 } })),
      },
    ],
  };
}
