import { Link } from 'react-router';

import { ScrollBox } from '@/components/ui/scroll-box';
import type { TaskOut } from '@/api/generated';
import { useI18n } from '@/lib/i18n';

import { formatMoment } from './format';
import { SlaBadge } from './sla-badge';

/** Open tasks with their case, step, performer, due time and time status. */
export function TaskTable({
  tasks,
  timeZone,
  caption,
  showEscalation = false,
}: {
  tasks: TaskOut[];
  timeZone: string;
  caption: string;
  showEscalation?: boolean;
}) {
  const { t, lang } = useI18n();
  return (
    <ScrollBox label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('work.col.case')}</th>
            <th scope="col">{t('work.col.step')}</th>
            <th scope="col">{t('work.col.who')}</th>
            <th scope="col">{t('work.col.due')}</th>
            <th scope="col">{t('work.col.sla')}</th>
            {showEscalation ? <th scope="col">{t('work.col.escalation')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.id} data-task={task.id}>
              <td>
                <Link to={`/kasus/${task.case_id}`}>{task.case_number}</Link>
                <br />
                <span className="muted case-subject task-subject" title={task.case_subject}>
                  {task.case_subject}
                </span>
              </td>
              <td>
                <strong>{task.step_number ?? task.step_position}</strong> {task.activity}
              </td>
              <td>
                {task.position_title ?? task.external_party}
                {task.claimed_by_name ? (
                  <>
                    <br />
                    <span className="muted">{task.claimed_by_name}</span>
                  </>
                ) : null}
              </td>
              <td>
                {task.due_at ? formatMoment(task.due_at, timeZone, lang) : t('work.noDue')}
              </td>
              <td>
                <SlaBadge sla={task.sla} />
              </td>
              {showEscalation ? (
                <td>
                  {task.escalation_level
                    ? t('work.escalationLevel', { level: task.escalation_level })
                    : '–'}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
