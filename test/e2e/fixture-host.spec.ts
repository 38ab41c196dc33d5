import { DOMAIN_STATE_LABELS } from '../../preload/contract';
import { FIXTURE, MIXED_STATES } from '../support/fixtures';
import { test, expect } from './fixtures';

test.use({ connect: [`test://${FIXTURE}`] });

test('lists every domain of the fixture host with its state', async ({ manager }) => {
  for (const [name, state] of Object.entries(MIXED_STATES)) {
    await manager.expectState(name, DOMAIN_STATE_LABELS[state]);
  }
  await expect(manager.grid.getByRole('row', { level: 2 })).toHaveCount(Object.keys(MIXED_STATES).length);
});

test('an action libvirt refuses shows its message and changes nothing', async ({ manager }) => {
  // A crashed domain that libvirt kept (it still has an id): Run is offered, libvirt says no.
  await manager.act('legacy-app', 'Run');
  const alert = manager.alert(/legacy-app/);
  await expect(alert).toContainText('Could not start legacy-app');
  await expect(alert).toContainText(/already running|not valid|active/i);
  await manager.expectState('legacy-app', 'Crashed');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toBeHidden();
});
