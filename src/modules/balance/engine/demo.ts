import type { BalanceModel } from './types';

/**
 * One batch (kg) of the extraction line of a formula-granule workshop: decoction of the crude
 * slices, vacuum concentration, spray drying and dry granulation with dextrin. Illustrative
 * figures: weighings and flowmeters carry the uncertainties a plant would state; vapour and the
 * extract powder are not measured and follow from the balances. A dry-matter layer adds the
 * solids measurements (moisture of the slices, solid content of extract and concentrate,
 * residual moisture of powder and granules), which makes the model nonlinear
 * (dry matter = concentration × flow) and lets the solids check the goods balances.
 * Before reconciliation the readings do not close (extraction: 9 000 kg in, 9 048 kg out).
 */
export const DEMO_GRANULE_LINE: BalanceModel = {
  unit: 'kg',
  processes: [
    { id: 'extraction', name: '提取 extraction' },
    // The buffer tank between concentration and drying is read from a level gauge.
    {
      id: 'concentration',
      name: '浓缩 concentration',
      stock: { value: 0, sd: 8 },
      layerStocks: { dryMatter: { value: 0, sd: 3 } },
    },
    { id: 'drying', name: '干燥 spray drying' },
    { id: 'granulation', name: '制粒 granulation' },
  ],
  layers: [{ id: 'dryMatter', name: '干物质 dry matter' }],
  flows: [
    {
      id: 'herbs', name: '饮片 crude slices', from: null, to: 'extraction', value: 1000, sd: 5,
      concentrations: { dryMatter: { value: 0.88, sd: 0.01 } },
    },
    {
      id: 'water', name: '提取用水 process water', from: null, to: 'extraction', value: 8000, sd: 120,
      concentrations: { dryMatter: { value: 0 } },
    },
    // The dry matter of the spent residue is not analysed: it follows from the solids balance.
    { id: 'residue', name: '药渣 spent residue', from: 'extraction', to: null, value: 2480, sdRelative: 0.05, kind: 'byproduct' },
    {
      id: 'extract', name: '提取液 extract liquid', from: 'extraction', to: 'concentration', value: 6568, sdRelative: 0.03,
      concentrations: { dryMatter: { value: 0.031, sd: 0.002 } },
    },
    {
      id: 'condensate', name: '冷凝水 condensate', from: 'concentration', to: null, value: 5900, sdRelative: 0.03,
      concentrations: { dryMatter: { value: 0 } },
    },
    {
      id: 'concentrate', name: '浸膏 concentrate', from: 'concentration', to: 'drying', value: 575, sdRelative: 0.02,
      concentrations: { dryMatter: { value: 0.35, sd: 0.015 } },
    },
    {
      id: 'vapour', name: '干燥排湿 drying exhaust vapour', from: 'drying', to: null, kind: 'loss',
      concentrations: { dryMatter: { value: 0 } },
    },
    {
      id: 'powder', name: '干膏粉 extract powder', from: 'drying', to: 'granulation',
      concentrations: { dryMatter: { value: 0.97, sd: 0.01 } },
    },
    {
      id: 'dextrin', name: '糊精 dextrin', from: null, to: 'granulation', value: 150,
      concentrations: { dryMatter: { value: 0.92 } },
    },
    {
      id: 'granules', name: '配方颗粒 formula granules', from: 'granulation', to: null, value: 346, sdRelative: 0.01, kind: 'product',
      concentrations: { dryMatter: { value: 0.955, sd: 0.01 } },
    },
    { id: 'fines', name: '细粉损耗 fines and dust', from: 'granulation', to: null, value: 10, sdRelative: 0.2, kind: 'loss' },
  ],
  relations: [],
};
