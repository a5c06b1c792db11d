export { OrgPage } from './components/org-page';
