import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Form, Popconfirm, Row, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { organisationsApi } from '../../api/endpoints';
import { useApiErrorHandler } from '../../api/errors';
import type { Site, SiteBody } from '../../api/types';
import { SiteFormModal } from './SiteFormModal';
import { SitesScatter } from './SitesScatter';

/** Which modal is open: none, a new site, or an existing one. */
type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; site: Site };

const coordinate = (value?: number) => (value === undefined ? '—' : value.toFixed(4));

export function SitesPanel({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SiteBody>();
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const key = ['organisations', organisationId, 'sites'];
  const sites = useQuery({ queryKey: key, queryFn: () => organisationsApi.sites(organisationId) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  const save = useMutation({
    mutationFn: (body: SiteBody) => (editing.kind === 'edit' ? organisationsApi.updateSite(editing.site.id, body) : organisationsApi.createSite(organisationId, body)),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: organisationsApi.deleteSite, onSuccess: refresh });

  const columns: ColumnsType<Site> = [
    { title: t('site.name'), dataIndex: 'name' },
    { title: t('site.address'), dataIndex: 'address' },
    { title: t('site.latitude'), dataIndex: 'latitude', width: 110, align: 'right', render: coordinate },
    { title: t('site.longitude'), dataIndex: 'longitude', width: 110, align: 'right', render: coordinate },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, site) => (
        <Space>
          <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ kind: 'edit', site })} />
          <Popconfirm
            title={t('site.deleteConfirm', { name: site.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              void remove.mutateAsync(site.id).then(
                () => void message.success(t('site.deleted')),
                (error: unknown) => handleError(error),
              )
            }
          >
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const items = sites.data?.items ?? [];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'new' })} style={{ marginBottom: 12 }} data-testid="add-site">
          {t('site.add')}
        </Button>
        <Table<Site> rowKey="id" size="small" columns={columns} dataSource={items} loading={sites.isPending} pagination={false} data-testid="sites-table" />
      </Col>
      <Col xs={24} xl={9}>
        <SitesScatter sites={items} />
      </Col>
      <SiteFormModal
        form={form}
        open={editing.kind !== 'none'}
        site={editing.kind === 'edit' ? editing.site : null}
        onCancel={() => setEditing({ kind: 'none' })}
        onSubmit={async (body) => {
          await save.mutateAsync(body);
          setEditing({ kind: 'none' });
          void message.success(t('common.saved'));
        }}
      />
    </Row>
  );
}
