import { LogoIcon } from './icons';
import { ThemeToggle } from './theme-toggle';

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="brand">
        <LogoIcon size={22} className="brand-logo" />
        <h1 className="brand-name">Virtdesk</h1>
      </div>
      <div className="header-tools">
        <ThemeToggle />
      </div>
    </header>
  );
}
