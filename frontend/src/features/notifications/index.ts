export { NotificationBell } from './components/bell';
