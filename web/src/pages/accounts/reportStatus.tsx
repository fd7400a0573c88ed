import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BoardStatus } from './api';

const colors: Record<BoardStatus, string> = { missing: 'default', draft: 'blue', submitted: 'gold', returned: 'red', accepted: 'green' };

export function ReportStatusTag({ status }: { status: BoardStatus }) {
  const { t } = useTranslation();
  return <Tag color={colors[status]} data-testid={`status-${status}`}>{t(`accounts.reportStatus.${status}`)}</Tag>;
}

export const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
