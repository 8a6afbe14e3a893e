import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { type ReactNode, useEffect } from 'react';
import { api, errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { PreferencesForm } from '../../components/Preferences';
import { useI18n } from '../../i18n';
import { type LightRules, type ReminderPolicy, settingsKeys } from './types';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * One admin setting: GET for the form, PUT the whole value; the server checks it and answers it
 * as stored (defaults filled in). Its refusal is shown in its own words. "Defaults" PUTs {}.
 */
function useSetting<T>(name: 'reminder-policy' | 'light-rules') {
  const queryClient = useQueryClient();
  const key = name === 'reminder-policy' ? settingsKeys.reminderPolicy : settingsKeys.lightRules;
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<T>(`/api/settings/${name}`, { signal }),
  });
  const save = useMutation({
    mutationFn: (value: Partial<T>) => api<T>(`/api/settings/${name}`, { method: 'PUT', body: value }),
    onSuccess: (value) => queryClient.setQueryData(key, value),
  });
  return { query, save };
}

/** A typed list "10, 3, 1" as numbers; what is not a number is sent as it is, for the server to refuse. */
function numbers(values: (string | number)[] | undefined): unknown[] {
  return (values ?? []).map((value) => {
    const number = Number(String(value).trim());
    return String(value).trim() !== '' && Number.isFinite(number) ? number : value;
  });
}

/**
 * A card editing one setting: loading and error states, the server's refusal above the fields,
 * save and "defaults" (which PUTs {}). `toForm` and `fromForm` convert where the form holds a
 * value differently from the server.
 */
function SettingCard<Stored extends object, Values extends object>(props: {
  name: 'reminder-policy' | 'light-rules';
  title: string;
  note: string;
  skeletonRows: number;
  toForm: (stored: Stored) => Values;
  fromForm: (values: Values) => Partial<Stored>;
  children: ReactNode;
}) {
  const { name, toForm, fromForm } = props;
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { query, save } = useSetting<Stored>(name);
  useEffect(() => {
    if (query.data) form.setFieldsValue(toForm(query.data) as Parameters<typeof form.setFieldsValue>[0]);
  }, [form, query.data, toForm]);
  const submit = (value: Partial<Stored>, done: string) =>
    save.mutate(value, { onSuccess: () => void message.success(done) });

  return (
    <Card title={props.title} style={{ height: '100%' }}>
      {query.isPending ? (
        <Skeleton active paragraph={{ rows: props.skeletonRows }} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          disabled={save.isPending}
          onFinish={(values) => submit(fromForm(values), t('settings.saved'))}
          onValuesChange={() => save.isError && save.reset()}
        >
          {save.isError && (
            <Alert
              type="error"
              showIcon
              title={t('settings.refused')}
              description={errorMessage(save.error)}
              style={{ marginBottom: 16 }}
            />
          )}
          {props.children}
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
            <Popconfirm
              title={t('settings.defaultsTitle')}
              description={t('settings.defaultsBody')}
              okText={t('settings.defaults')}
              cancelText={t('common.cancel')}
              onConfirm={() => submit({}, t('settings.defaultsDone'))}
            >
              <Button>{t('settings.defaults')}</Button>
            </Popconfirm>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
            {props.note}
          </Typography.Paragraph>
        </Form>
      )}
    </Card>
  );
}

/** The form holds the offsets as typed (tags), the rest as numbers. */
type PolicyValues = Omit<ReminderPolicy, 'deadlineOffsets'> & { deadlineOffsets: string[] };

const policyToForm = (policy: ReminderPolicy): PolicyValues => ({
  ...policy,
  deadlineOffsets: policy.deadlineOffsets.map(String),
});
const policyFromForm = (values: PolicyValues) =>
  ({ ...values, deadlineOffsets: numbers(values.deadlineOffsets) }) as Partial<ReminderPolicy>;
const same = (rules: LightRules) => rules;

function ReminderPolicyCard() {
  const { t } = useI18n();
  return (
    <SettingCard<ReminderPolicy, PolicyValues>
      name="reminder-policy"
      title={t('settings.reminders')}
      note={t('settings.remindersNote')}
      skeletonRows={6}
      toForm={policyToForm}
      fromForm={policyFromForm}
    >
      <Form.Item name="deadlineOffsets" label={t('settings.deadlineOffsets')} extra={t('settings.deadlineOffsetsHint')}>
        <Select
          mode="tags"
          tokenSeparators={[',', '，', ' ', '、']}
          options={[1, 2, 3, 5, 10, 15, 20, 30].map((n) => ({ value: String(n), label: String(n) }))}
          placeholder={t('settings.deadlineOffsetsPlaceholder')}
        />
      </Form.Item>
      <Form.Item
        name="sendHour"
        rules={[{ required: true, message: t('settings.required') }]}
        label={t('settings.sendHour')}
        extra={t('settings.sendHourHint')}
      >
        <InputNumber precision={0} suffix={t('settings.hourSuffix')} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item
        name="reportReminderWeekdays"
        label={t('settings.reportWeekdays')}
        extra={t('settings.reportWeekdaysHint')}
      >
        <Checkbox.Group options={WEEKDAYS.map((day) => ({ value: day, label: t(`settings.weekday.${day}`) }))} />
      </Form.Item>
      <Form.Item
        name="missingGraceWorkingDays"
        rules={[{ required: true, message: t('settings.required') }]}
        label={t('settings.missingGrace')}
        extra={t('settings.missingGraceHint')}
      >
        <InputNumber precision={0} suffix={t('settings.workingDays')} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        name="overdueEveryWorkingDays"
        rules={[{ required: true, message: t('settings.required') }]}
        label={t('settings.overdueEvery')}
        extra={t('settings.overdueEveryHint')}
      >
        <InputNumber precision={0} suffix={t('settings.workingDays')} style={{ width: 160 }} />
      </Form.Item>
    </SettingCard>
  );
}

function LightRulesCard() {
  const { t } = useI18n();
  return (
    <SettingCard<LightRules, LightRules>
      name="light-rules"
      title={t('settings.lights')}
      note={t('settings.lightsNote')}
      skeletonRows={4}
      toForm={same}
      fromForm={same}
    >
      <Form.Item
        name="nearDeadlineWorkingDays"
        rules={[{ required: true, message: t('settings.required') }]}
        label={t('settings.nearDeadline')}
        extra={t('settings.nearDeadlineHint')}
      >
        <InputNumber precision={0} suffix={t('settings.workingDays')} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        name="behindScheduleTolerance"
        rules={[{ required: true, message: t('settings.required') }]}
        label={t('settings.behindTolerance')}
        extra={t('settings.behindToleranceHint')}
      >
        <InputNumber precision={0} suffix={t('settings.points')} style={{ width: 160 }} />
      </Form.Item>
    </SettingCard>
  );
}

/** 设置 (admins): the reminder policy and the warning-light rules; and one's own notification preferences. */
export function SettingsPage() {
  const { t } = useI18n();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <ReminderPolicyCard />
      </Col>
      <Col xs={24} xl={12}>
        <Row gutter={[16, 16]}>
          <Col span={24}>
            <LightRulesCard />
          </Col>
          <Col span={24}>
            <Card title={t('prefs.title')}>
              <PreferencesForm />
            </Card>
          </Col>
        </Row>
      </Col>
    </Row>
  );
}

export { SettingsPage as Component };
