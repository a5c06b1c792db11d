export { PlatformPage } from './components/platform-page';
