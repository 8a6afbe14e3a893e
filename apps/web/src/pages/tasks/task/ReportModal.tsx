import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Slider, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../../api';
import { useI18n } from '../../../i18n';
import { REPORT_RATINGS, type ReportRating, type TaskDetail, type TaskReport } from '../../../lib/types';
import { useTaskWrite, WriteError } from './shared';
import { EVIDENCE_ACCEPT, uploadEvidence } from './upload';

interface Values {
  period?: string;
  rating: ReportRating;
  percent: number;
  workDone: string;
  nextSteps?: string;
  problems?: string;
  isFinal: boolean;
}

/** The lead agency's weekly report (周报), then its evidence files tied to it. */
export function ReportModal({ task, onClose }: { task: TaskDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const latest = task.reports.find((report) => !report.returnedAt);

  const write = useTaskWrite(
    task.id,
    async (values: Values) => {
      const report = await api<TaskReport>(`/api/tasks/${task.id}/reports`, {
        method: 'POST',
        body: {
          ...(values.period?.trim() ? { period: values.period.trim() } : {}),
          rating: values.rating,
          percent: values.percent,
          workDone: values.workDone.trim(),
          nextSteps: values.nextSteps?.trim() ?? '',
          problems: values.problems?.trim() ?? '',
          isFinal: values.isFinal,
        },
      });
      // The report stands even if a file is refused; each refusal is said in the user's words.
      for (const file of files) {
        try {
          await uploadEvidence(task.id, file.originFileObj as File, report.id);
        } catch (error) {
          void message.error(t('report.uploadFailed', { file: file.name, message: errorMessage(error) }));
        }
      }
      return report;
    },
    { success: t('report.submitted'), onSuccess: onClose },
  );

  return (
    <Modal
      open
      width={640}
      title={`${t('report.submit')} · ${task.number}`}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={write.isPending}
      destroyOnHidden
    >
      {write.isError && <WriteError error={write.error} taskId={task.id} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ rating: 'on_track', percent: latest?.percent ?? 0, isFinal: false }}
        onFinish={(values) => write.mutate(values)}
        disabled={write.isPending}
      >
        <Form.Item
          name="period"
          label={t('report.period')}
          extra={t('report.periodHint')}
          rules={[{ pattern: /^\d{4}-W\d{2}$/, message: t('report.periodInvalid') }]}
        >
          <Input placeholder="2026-W47" style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="rating" label={t('report.rating')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={REPORT_RATINGS.map((rating) => ({ value: rating, label: t(`rating.${rating}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('report.percent')} required>
          <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
            <Form.Item name="percent" noStyle>
              <Slider min={0} max={100} style={{ flex: 1 }} />
            </Form.Item>
            <Form.Item name="percent" noStyle rules={[{ required: true }]}>
              <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 96 }} />
            </Form.Item>
          </div>
        </Form.Item>
        <Form.Item
          name="workDone"
          label={t('report.workDone')}
          rules={[{ required: true, whitespace: true, message: t('report.workDoneRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={10000} showCount />
        </Form.Item>
        <Form.Item name="nextSteps" label={t('report.nextSteps')}>
          <Input.TextArea rows={2} maxLength={10000} />
        </Form.Item>
        <Form.Item name="problems" label={t('report.problems')}>
          <Input.TextArea rows={2} maxLength={10000} />
        </Form.Item>
        <Form.Item name="isFinal" valuePropName="checked">
          <Checkbox>{t('report.final')}</Checkbox>
        </Form.Item>
        <Form.Item label={t('report.attachments')} extra={t('report.attachHint')} style={{ marginBottom: 0 }}>
          <Upload
            multiple
            accept={EVIDENCE_ACCEPT}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button icon={<UploadOutlined />}>{t('attach.upload')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
