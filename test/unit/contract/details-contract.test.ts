import { describe, expect, it } from 'vitest';
import { checkArgs } from '../../../preload/contract';

const ref = { connectionId: 'c1', uuid: '00000000-0000-4000-8000-000000000001' };

describe('details contract', () => {
  it.each([
    ['domains.details', [ref]],
    ['domains.applyDetails', [ref, {}]],
    ['domains.applyDetails', [ref, { name: 'web2', title: 'Web', description: 'two\nlines', autostart: true }]],
    ['domains.applyDetails', [ref, { vcpus: { current: 1, max: 4 }, memory: { currentMiB: 256, maxMiB: 512 } }]],
    ['domains.applyDetails', [ref, { boot: { order: ['cdrom', 'hd'], menu: true } }]],
    ['domains.applyDetails', [ref, { boot: { order: [], menu: false } }]],
    ['domains.applyDetails', [ref, { kernel: { kernel: '/boot/vmlinuz', initrd: '', cmdline: 'console=ttyS0' } }]],
    ['domains.defineXml', [ref, '<domain/>']],
    ['domains.defineXml', [ref, '<domain><broken']],
  ])('accepts %s %j', (method, args) => {
    expect(checkArgs(method as never, args)).toBeUndefined();
  });

  it.each([
    [[ref, null], /must be an object/],
    [[ref, { cpu: 2 }], /unexpected field cpu/],
    [[ref, { name: 'a/b' }], /cannot contain '\/'/],
    [[ref, { title: 'two\nlines' }], /one line/],
    [[ref, { title: 'x'.repeat(1001) }], /at most 1000/],
    [[ref, { description: 'bell\u0007' }], /control characters/],
    [[ref, { vcpus: { current: 3, max: 2 } }], /current vCPUs cannot be more/],
    [[ref, { vcpus: { current: 0, max: 2 } }], /current vCPUs must be a whole number/],
    [[ref, { vcpus: { current: 1, max: 1.5 } }], /maximum vCPUs/],
    [[ref, { vcpus: { current: 1 } }], /exactly current and max/],
    [[ref, { memory: { currentMiB: 512, maxMiB: 256 } }], /current memory cannot be more/],
    [[ref, { memory: { currentMiB: -1, maxMiB: 256 } }], /current memory must be/],
    [[ref, { memory: { currentMiB: 1, maxMiB: '256' } }], /maximum memory must be/],
    [[ref, { boot: { order: ['usb'], menu: false } }], /unknown boot device usb/],
    [[ref, { boot: { order: ['hd', 'hd'], menu: false } }], /cannot repeat/],
    [[ref, { boot: { order: ['hd'], menu: 'yes' } }], /true or false/],
    [[ref, { kernel: { kernel: 'vmlinuz', initrd: '', cmdline: '' } }], /absolute path/],
    [[ref, { kernel: { kernel: '', initrd: '/i', cmdline: '' } }], /initrd needs a kernel/],
    [[ref, { kernel: { kernel: '/k', initrd: '', cmdline: 'a\nb' } }], /one line/],
    [[ref, { autostart: 'yes' }], /autostart must be/],
  ])('refuses applyDetails %j', (args, problem) => {
    expect(checkArgs('domains.applyDetails', args)).toMatch(problem);
  });

  it.each([
    [[ref, ''], /cannot be empty/],
    [[ref, '   '], /cannot be empty/],
    [[ref, 42], /cannot be empty/],
    [[ref, '<domain>\u0000</domain>'], /NUL/],
    [[ref, 'x'.repeat(1024 * 1024 + 1)], /longer than/],
    [[{ connectionId: 'c1' }, '<domain/>'], /exactly connectionId and uuid/],
  ])('refuses defineXml %#', (args, problem) => {
    expect(checkArgs('domains.defineXml', args)).toMatch(problem);
  });
});
