export { DashboardPage } from './components/dashboard-page';
export { RedirectIfSignedIn, RequireSession } from './components/require-session';
export { TenantName } from './components/tenant-name';
export { UserMenu } from './components/user-menu';
export { useSession } from './hooks/use-session';
