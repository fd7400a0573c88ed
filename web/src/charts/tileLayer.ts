import { useEffect, useRef, useState } from 'react';
import type { Tile } from '../pages/exchange/tiles';

/** The width of a box in pixels, following it as it resizes (0 until laid out): a tiled map picks its zoom from it. */
export function useWidth() {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { box, width };
}

/** What ECharts hands a custom series' renderItem (only the parts used here). */
interface RenderApi {
  coord: (point: number[]) => number[];
}

/** The base map as a custom series of images, one per tile, clipped to the grid and below the points (the market map and a load's route). */
export function tileSeries(tiles: readonly Tile[]) {
  return {
    type: 'custom',
    silent: true,
    clip: true,
    z: 1,
    tooltip: { show: false },
    data: tiles.map((tile) => [tile.west, tile.south, tile.east, tile.north]),
    renderItem: (params: { dataIndex: number }, api: RenderApi) => {
      const tile = tiles[params.dataIndex];
      if (!tile) return null;
      const [left = 0, top = 0] = api.coord([tile.west, tile.north]);
      const [right = 0, bottom = 0] = api.coord([tile.east, tile.south]);
      return { type: 'image', style: { image: tile.url, x: left, y: top, width: right - left, height: bottom - top } };
    },
  };
}
