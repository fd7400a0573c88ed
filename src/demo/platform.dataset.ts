import type { MembershipRole, OrganisationType } from '../db/database';

/**
 * The demo world: a TCM industrial park in 亳州 (Bozhou, Anhui), China's largest herb trading
 * town, with firms of every type. Names are invented for the demo; coordinates are real-looking
 * points in and around the park. Every demo user has the password DEMO_PASSWORD.
 * Later modules extend this data set (streams, prices, manifests…) in their own dataset files.
 */
export const DEMO_PASSWORD = 'herbloop-demo';

/** Cities and counties the demo needs; provinces come with the reference-data migration. */
export const demoRegions: { code: string; nameZh: string; nameEn: string; level: 'city' | 'county'; parent: string }[] = [
  { code: '130600', nameZh: '保定市', nameEn: 'Baoding', level: 'city', parent: '130000' },
  { code: '130683', nameZh: '安国市', nameEn: 'Anguo', level: 'county', parent: '130600' },
  { code: '330100', nameZh: '杭州市', nameEn: 'Hangzhou', level: 'city', parent: '330000' },
  { code: '340100', nameZh: '合肥市', nameEn: 'Hefei', level: 'city', parent: '340000' },
  { code: '341600', nameZh: '亳州市', nameEn: 'Bozhou', level: 'city', parent: '340000' },
  { code: '341602', nameZh: '谯城区', nameEn: 'Qiaocheng District', level: 'county', parent: '341600' },
  { code: '341621', nameZh: '涡阳县', nameEn: 'Guoyang County', level: 'county', parent: '341600' },
  { code: '440100', nameZh: '广州市', nameEn: 'Guangzhou', level: 'city', parent: '440000' },
  { code: '450900', nameZh: '玉林市', nameEn: 'Yulin', level: 'city', parent: '450000' },
  { code: '510100', nameZh: '成都市', nameEn: 'Chengdu', level: 'city', parent: '510000' },
  { code: '532600', nameZh: '文山壮族苗族自治州', nameEn: 'Wenshan Prefecture', level: 'city', parent: '530000' },
];

export const demoPark = {
  code: 'BZ-TCM-PARK',
  nameZh: '亳州现代中药产业园（演示）',
  nameEn: 'Bozhou Modern TCM Industrial Park (demo)',
  regionCode: '341602',
};

export interface DemoOrganisation {
  code: string;
  nameZh: string;
  nameEn: string;
  type: OrganisationType;
  regionCode: string;
  inPark: boolean;
  creditCode: string;
  phone: string;
  sites: { name: string; address: string; lat: number; lng: number }[];
  users: { username: string; displayName: string; role: MembershipRole }[];
}

/** Unified social credit codes below follow the format but are invented (check digit not computed). */
export const demoOrganisations: DemoOrganisation[] = [
  // manufacturers — by-product producers along the chain from field to formula granules
  { code: 'BZ-MFR-HUATUO', nameZh: '亳州华佗本草制药有限公司', nameEn: 'Huatuo Bencao Pharmaceutical Co.', type: 'manufacturer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N000A01', phone: '0558-5510001',
    sites: [{ name: '提取车间', address: '亳州市谯城区药都大道 1688 号', lat: 33.8412, lng: 115.7921 }, { name: '固体制剂车间', address: '亳州市谯城区药都大道 1690 号', lat: 33.8418, lng: 115.7935 }],
    users: [{ username: 'huatuo', displayName: '王建国（华佗本草）', role: 'admin' }, { username: 'huatuo-ops', displayName: '李敏（华佗本草 生产部）', role: 'member' }] },
  { code: 'BZ-MFR-SHAODU', nameZh: '亳州芍都中药饮片有限公司', nameEn: 'Shaodu Decoction Pieces Co.', type: 'manufacturer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N000B02', phone: '0558-5510002',
    sites: [{ name: '饮片炮制厂', address: '亳州市谯城区芍花路 88 号', lat: 33.8365, lng: 115.7862 }], users: [{ username: 'shaodu', displayName: '张丽（芍都饮片）', role: 'admin' }] },
  { code: 'BZ-MFR-GUOHE', nameZh: '亳州涡河配方颗粒有限公司', nameEn: 'Guohe Formula Granules Co.', type: 'manufacturer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N000C03', phone: '0558-5510003',
    sites: [{ name: '配方颗粒车间', address: '亳州市谯城区魏武大道 2101 号', lat: 33.8451, lng: 115.8012 }], users: [{ username: 'guohe', displayName: '刘洋（涡河颗粒）', role: 'admin' }] },
  { code: 'BZ-MFR-YAODU', nameZh: '亳州药都提取物有限公司', nameEn: 'Yaodu Extracts Co.', type: 'manufacturer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N000D04', phone: '0558-5510004',
    sites: [{ name: '提取精制车间', address: '亳州市谯城区希夷大道 566 号', lat: 33.8389, lng: 115.8055 }], users: [{ username: 'yaodu', displayName: '陈静（药都提取）', role: 'admin' }] },
  { code: 'BZ-MFR-JIUZHOU', nameZh: '亳州九州中成药有限公司', nameEn: 'Jiuzhou Patent Medicines Co.', type: 'manufacturer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N000E05', phone: '0558-5510005',
    sites: [{ name: '中成药生产基地', address: '亳州市谯城区汤王大道 920 号', lat: 33.8502, lng: 115.7898 }], users: [{ username: 'jiuzhou', displayName: '杨帆（九州中成药）', role: 'admin' }] },
  { code: 'BZ-MFR-BAISHAO', nameZh: '亳州白芍产地加工厂', nameEn: 'Bozhou Baishao Primary Processing Plant', type: 'manufacturer', regionCode: '341602', inPark: false, creditCode: '92341600MA2N000F06', phone: '0558-5510006',
    sites: [{ name: '十八里镇加工场', address: '亳州市谯城区十八里镇', lat: 33.7631, lng: 115.8423 }], users: [{ username: 'baishao', displayName: '赵刚（白芍加工）', role: 'admin' }] },
  { code: 'BZ-MFR-DANSHEN', nameZh: '谯城丹参种植专业合作社', nameEn: 'Qiaocheng Danshen Growers Cooperative', type: 'manufacturer', regionCode: '341602', inPark: false, creditCode: '93341600MA2N000G07', phone: '0558-5510007',
    sites: [{ name: '古井镇种植基地', address: '亳州市谯城区古井镇', lat: 33.7302, lng: 115.9015 }], users: [{ username: 'danshen', displayName: '孙涛（丹参合作社）', role: 'admin' }] },
  { code: 'BZ-MFR-KANGYANG', nameZh: '亳州康养保健食品有限公司', nameEn: 'Kangyang Health Foods Co.', type: 'manufacturer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N000H08', phone: '0558-5510008',
    sites: [{ name: '保健食品车间', address: '亳州市谯城区养生大道 300 号', lat: 33.8436, lng: 115.7799 }], users: [{ username: 'kangyang', displayName: '周雪（康养保健）', role: 'admin' }] },
  // utilizers — the firms that turn residues into products
  { code: 'BZ-UTL-LVYUAN', nameZh: '亳州绿源有机肥有限公司', nameEn: 'Lvyuan Organic Fertiliser Co.', type: 'utilizer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N001A11', phone: '0558-5520001',
    sites: [{ name: '有机肥厂', address: '亳州市谯城区循环经济园 12 号', lat: 33.8298, lng: 115.8134 }], users: [{ username: 'lvyuan', displayName: '吴磊（绿源有机肥）', role: 'admin' }] },
  { code: 'BZ-UTL-JUNXIANG', nameZh: '亳州菌乡食用菌基质有限公司', nameEn: 'Junxiang Mushroom Substrate Co.', type: 'utilizer', regionCode: '341621', inPark: false, creditCode: '91341600MA2N001B12', phone: '0558-5520002',
    sites: [{ name: '基质生产基地', address: '亳州市涡阳县城关镇', lat: 33.5134, lng: 116.2119 }], users: [{ username: 'junxiang', displayName: '郑浩（菌乡基质）', role: 'admin' }] },
  { code: 'BZ-UTL-FENGMU', nameZh: '亳州丰牧饲料有限公司', nameEn: 'Fengmu Feed Co.', type: 'utilizer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N001C13', phone: '0558-5520003',
    sites: [{ name: '饲料厂', address: '亳州市谯城区循环经济园 8 号', lat: 33.8276, lng: 115.8167 }], users: [{ username: 'fengmu', displayName: '冯娟（丰牧饲料）', role: 'admin' }] },
  { code: 'BZ-UTL-SENDA', nameZh: '亳州森达纤维板有限公司', nameEn: 'Senda Fibreboard Co.', type: 'utilizer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N001D14', phone: '0558-5520004',
    sites: [{ name: '纤维板厂', address: '亳州市谯城区循环经济园 20 号', lat: 33.8254, lng: 115.8201 }], users: [{ username: 'senda', displayName: '何军（森达纤维板）', role: 'admin' }] },
  { code: 'BZ-UTL-ZHAONENG', nameZh: '亳州沼能生物质能源有限公司', nameEn: 'Zhaoneng Biomass Energy Co.', type: 'utilizer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N001E15', phone: '0558-5520005',
    sites: [{ name: '沼气发电站', address: '亳州市谯城区循环经济园 3 号', lat: 33.8231, lng: 115.8099 }], users: [{ username: 'zhaoneng', displayName: '高峰（沼能能源）', role: 'admin' }] },
  { code: 'BZ-UTL-BENYUAN', nameZh: '亳州本源功能成分提取有限公司', nameEn: 'Benyuan Functional Ingredients Co.', type: 'utilizer', regionCode: '341602', inPark: true, creditCode: '91341600MA2N001F16', phone: '0558-5520006',
    sites: [{ name: '功能成分车间', address: '亳州市谯城区药都大道 1900 号', lat: 33.8466, lng: 115.7968 }], users: [{ username: 'benyuan', displayName: '林晓（本源提取）', role: 'admin' }] },
  // transporters
  { code: 'BZ-TRN-TONGDA', nameZh: '亳州通达环保运输有限公司', nameEn: 'Tongda Environmental Transport Co.', type: 'transporter', regionCode: '341602', inPark: false, creditCode: '91341600MA2N002A21', phone: '0558-5530001',
    sites: [{ name: '车队场站', address: '亳州市谯城区物流园 5 号', lat: 33.8601, lng: 115.7602 }],
    users: [{ username: 'tongda', displayName: '韩伟（通达运输 调度）', role: 'admin' }, { username: 'tongda-driver', displayName: '马强（司机）', role: 'driver' }] },
  { code: 'BZ-TRN-SHUNAN', nameZh: '亳州顺安物流有限公司', nameEn: 'Shunan Logistics Co.', type: 'transporter', regionCode: '341602', inPark: false, creditCode: '91341600MA2N002B22', phone: '0558-5530002',
    sites: [{ name: '物流中心', address: '亳州市谯城区物流园 18 号', lat: 33.8633, lng: 115.7655 }], users: [{ username: 'shunan', displayName: '罗斌（顺安物流）', role: 'admin' }] },
  { code: 'BZ-TRN-LVYUN', nameZh: '亳州绿运危废运输有限公司', nameEn: 'Lvyun Hazardous Waste Transport Co.', type: 'transporter', regionCode: '341602', inPark: false, creditCode: '91341600MA2N002C23', phone: '0558-5530003',
    sites: [{ name: '危废运输场站', address: '亳州市谯城区物流园 26 号', lat: 33.8655, lng: 115.7711 }], users: [{ username: 'lvyun', displayName: '谢鹏（绿运危废）', role: 'admin' }] },
  // third-party services
  { code: 'BZ-SVC-QINGYUAN', nameZh: '亳州清源环境服务有限公司', nameEn: 'Qingyuan Environmental Services Co.', type: 'service-provider', regionCode: '341602', inPark: true, creditCode: '91341600MA2N003A31', phone: '0558-5540001',
    sites: [{ name: '集中处置中心', address: '亳州市谯城区循环经济园 30 号', lat: 33.8212, lng: 115.8177 }], users: [{ username: 'qingyuan', displayName: '唐宁（清源环境）', role: 'admin' }] },
  { code: 'BZ-SVC-JIANCE', nameZh: '亳州药都检测技术有限公司', nameEn: 'Yaodu Testing Technology Co.', type: 'service-provider', regionCode: '341602', inPark: true, creditCode: '91341600MA2N003B32', phone: '0558-5540002',
    sites: [{ name: '检测实验室', address: '亳州市谯城区药都大道 1500 号', lat: 33.8397, lng: 115.7887 }], users: [{ username: 'jiance', displayName: '邓琳（药都检测）', role: 'admin' }] },
  // park administration
  { code: 'BZ-PARK-ADMIN', nameZh: '亳州现代中药产业园管理委员会', nameEn: 'Bozhou Modern TCM Park Administration', type: 'park-admin', regionCode: '341602', inPark: true, creditCode: '11341600MB2N004A41', phone: '0558-5550001',
    sites: [{ name: '管委会办公楼', address: '亳州市谯城区药都大道 1000 号', lat: 33.8443, lng: 115.7856 }], users: [{ username: 'park', displayName: '曹磊（园区管委会）', role: 'admin' }] },
  // regulators
  { code: 'BZ-REG-EEB', nameZh: '亳州市生态环境局', nameEn: 'Bozhou Ecology and Environment Bureau', type: 'regulator', regionCode: '341600', inPark: false, creditCode: '11341600MB2N005A51', phone: '0558-5560001',
    sites: [{ name: '市生态环境局', address: '亳州市谯城区政务中心', lat: 33.8693, lng: 115.7781 }], users: [{ username: 'bz-eeb', displayName: '许静（亳州市生态环境局）', role: 'admin' }] },
  { code: 'AH-REG-EED', nameZh: '安徽省生态环境厅', nameEn: 'Anhui Department of Ecology and Environment', type: 'regulator', regionCode: '340000', inPark: false, creditCode: '11340000MB2N005B52', phone: '0551-6260001',
    sites: [{ name: '省生态环境厅', address: '合肥市蜀山区', lat: 31.8559, lng: 117.2325 }], users: [{ username: 'ah-eed', displayName: '彭程（安徽省生态环境厅）', role: 'admin' }] },
  // supply monitors
  { code: 'AH-MON-TCM', nameZh: '安徽省中医药管理局', nameEn: 'Anhui Administration of Traditional Chinese Medicine', type: 'supply-monitor', regionCode: '340000', inPark: false, creditCode: '11340000MB2N006A61', phone: '0551-6270001',
    sites: [{ name: '省中医药管理局', address: '合肥市庐阳区', lat: 31.8731, lng: 117.2703 }], users: [{ username: 'ah-tcm', displayName: '蒋华（安徽省中医药管理局）', role: 'admin' }] },
  { code: 'BZ-MON-PRICE', nameZh: '亳州中药材价格监测站', nameEn: 'Bozhou Herb Price Monitoring Station', type: 'supply-monitor', regionCode: '341600', inPark: false, creditCode: '12341600MB2N006B62', phone: '0558-5570001',
    sites: [{ name: '中药材交易中心监测点', address: '亳州市谯城区魏武大道中药材交易中心', lat: 33.8567, lng: 115.7751 }], users: [{ username: 'bz-price', displayName: '沈洁（价格监测站）', role: 'admin' }] },
  // statistics offices
  { code: 'BZ-STAT', nameZh: '亳州市统计局', nameEn: 'Bozhou Statistics Bureau', type: 'statistics-office', regionCode: '341600', inPark: false, creditCode: '11341600MB2N007A71', phone: '0558-5580001',
    sites: [{ name: '市统计局', address: '亳州市谯城区政务中心', lat: 33.8699, lng: 115.7795 }], users: [{ username: 'bz-stat', displayName: '钱琳（亳州市统计局）', role: 'admin' }] },
  { code: 'ZJ-DRC', nameZh: '浙江省发展和改革委员会', nameEn: 'Zhejiang Development and Reform Commission', type: 'statistics-office', regionCode: '330000', inPark: false, creditCode: '11330000MB2N007B72', phone: '0571-8705001',
    sites: [{ name: '省发改委', address: '杭州市西湖区省府路 8 号', lat: 30.2741, lng: 120.1551 }], users: [{ username: 'zj-drc', displayName: '陆明（浙江省发改委）', role: 'admin' }] },
  // platform operator
  { code: 'HERBLOOP', nameZh: 'herbloop 平台运营中心', nameEn: 'herbloop Platform Operations', type: 'platform-admin', regionCode: '110000', inPark: false, creditCode: '91110000MA2N008A81', phone: '010-6500001',
    sites: [{ name: '运营中心', address: '北京市海淀区', lat: 39.9593, lng: 116.2981 }], users: [{ username: 'admin', displayName: '平台管理员', role: 'admin' }] },
];
