export { PlatformPage } from './components/platform-page';
export { OfficeCreatePage } from './components/office-create';
export { OfficeSetupPage } from './components/office-setup';
