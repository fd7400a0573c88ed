/** Chinese names of the bulletin codes, for the PDF and the feeds (the web app has its own locale files). */
import type { PublicBulletinView, RecommendationCode } from './bulletins.schema';

export const levelLabels: Record<PublicBulletinView['level'], string> = { blue: '蓝色预警', yellow: '黄色预警', orange: '橙色预警', red: '红色预警' };
export const recommendationLabels: Record<RecommendationCode, string> = {
  'price-subsidy': '价格补贴',
  'raise-price-cap': '提高最高零售价',
  'release-reserves': '动用储备',
  other: '其他措施',
};
export const audienceLabels = { authorities: '管理部门', media: '媒体', enterprises: '企业' } as const;
