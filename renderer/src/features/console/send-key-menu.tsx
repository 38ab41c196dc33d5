import { KeyboardIcon } from '../../components/icons';
import { MenuButton } from '../../components/menu-button';
import { SEND_KEY_COMBOS, type KeyCombo } from './keysyms';

export const SEND_KEY_LABEL = 'Send Key';

export interface SendKeyMenuProps {
  /** The display is not connected: the button stays focusable but does nothing. */
  disabled: boolean;
  onSend(combo: KeyCombo): void;
}

/** A menu button (WAI-ARIA menu button pattern) listing the key combinations of CON-07. */
export function SendKeyMenu({ disabled, onSend }: SendKeyMenuProps) {
  return (
    <MenuButton
      label={SEND_KEY_LABEL}
      icon={<KeyboardIcon />}
      toolbarItem
      disabled={disabled}
      returnFocusOnSelect={false}
      items={SEND_KEY_COMBOS.map((combo) => ({ label: combo.label, onSelect: () => onSend(combo) }))}
    />
  );
}
