import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { param } from '../../components/urlState';
import { useUrlState } from '../../components/useUrlState';
import { UserText } from '../../components/UserText';
import { grades } from '../../../../src/modules/ratings/engine/grades';
import { gradeColor, orgName, ratingsApi, reasonText, type RatingList } from './api';

type Item = RatingList['items'][number];

const urlSchema = { grade: param.optionalOneOf(grades) };

/** Every rated participant, worst first (regulators and platform admins: score and first reason of those they oversee). */
export default function RatingsListPage() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useUrlState(urlSchema);
  const list = useQuery({ queryKey: ['ratings', 'list', state.grade], queryFn: () => ratingsApi.list(state.grade || undefined) });
  const columns: ColumnsType<Item> = [
    {
      title: t('ratings.page.firm'),
      key: 'firm',
      render: (_, i) => (
        <Link to={`/ratings/${i.organisation.id}`}>
          <UserText>{orgName(i18n.language, i.organisation)}</UserText>
        </Link>
      ),
    },
    {
      title: t('ratings.page.grade'),
      key: 'grade',
      render: (_, i) => (
        <Space size={4} wrap>
          <Tag lang="zxx" color={gradeColor(i.grade)}>{i.grade}</Tag>
          {i.suspended && <Tag color="red">{t('ratings.page.suspendedTag')}</Tag>}
          {i.openAppeal && <Tag color="blue">{t('ratings.page.appealOpenTag')}</Tag>}
        </Space>
      ),
    },
    { title: t('ratings.page.score'), key: 'score', align: 'right', responsive: ['sm'], render: (_, i) => (i.score === null ? '—' : i.score.toFixed(1)) },
    { title: t('ratings.page.mainReason'), key: 'reason', responsive: ['md'], render: (_, i) => (i.reasons?.[0] ? reasonText(t, i.reasons[0]) : '—') },
  ];
  return (
    <div>
      <Typography.Title level={3}>{t('ratings.page.listTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ratings.page.listIntro', { grade: list.data?.suspendBelow ?? 'B' })}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={t('ratings.page.gradeFilter')}
          style={{ minWidth: 160 }}
          value={state.grade ?? ''}
          onChange={(grade: string) => setState({ grade: grades.find((g) => g === grade) })}
          options={[{ value: '', label: t('ratings.page.allGrades') }, ...grades.map((g) => ({ value: g, label: t(`ratings.grade.${g}`) }))]}
        />
      </Space>
      <Table<Item> rowKey={(i) => i.organisation.id} columns={columns} dataSource={list.data?.items ?? []} loading={list.isPending} pagination={{ pageSize: 50, hideOnSinglePage: true }} size="middle" />
    </div>
  );
}
