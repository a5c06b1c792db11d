export { NOTIFICATIONS_QUERY_KEY, NotificationBell } from './components/bell';
