// The pages of the details view: one form per section, plus read-only device pages.
import type { DeviceDetails, DomainDetails } from '../../../../preload/contract';
import { BOOT_LABELS, moveBoot, type DetailsForm } from './details-model';

interface PageProps {
  details: DomainDetails;
  form: DetailsForm;
  set(patch: Partial<DetailsForm>): void;
}

function ReadOnly({ rows, label }: { rows: { label: string; value: string }[]; label: string }) {
  return (
    <dl className="details-readonly" aria-label={label}>
      {rows.map((r) => (
        <div key={r.label} className="details-readonly-row">
          <dt>{r.label}</dt>
          <dd>{r.value || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export function OverviewPage({ details: d, form, set }: PageProps) {
  return (
    <>
      <label className="field">
        <span>Name</span>
        <input type="text" value={form.name} readOnly={d.active} aria-describedby={d.active ? 'details-name-hint' : undefined} onChange={(e) => set({ name: e.target.value })} />
      </label>
      {d.active ? (
        <p id="details-name-hint" className="field-hint">
          Shut the guest down to rename it.
        </p>
      ) : null}
      <label className="field">
        <span>Title</span>
        <input type="text" value={form.title} onChange={(e) => set({ title: e.target.value })} />
      </label>
      <label className="field">
        <span>Description</span>
        <textarea rows={3} aria-label="Description" value={form.description} onChange={(e) => set({ description: e.target.value })} />
      </label>
      <ReadOnly
        label="Hypervisor details"
        rows={[
          { label: 'UUID', value: d.uuid },
          { label: 'Hypervisor', value: d.hypervisor.toUpperCase() },
          { label: 'Architecture', value: d.arch },
          { label: 'Machine', value: d.machine },
          { label: 'Firmware', value: d.firmware },
          { label: 'Operating system', value: d.osId || 'Unknown' },
        ]}
      />
    </>
  );
}

export function CpusPage({ form, set }: PageProps) {
  return (
    <div className="details-grid">
      <label className="field">
        <span>Current vCPUs</span>
        <input
          type="number"
          min={1}
          value={form.vcpuCurrent}
          onChange={(e) => {
            const v = e.target.value;
            // Raising the current count above the maximum raises the maximum with it, as virt-manager does.
            set(Number(v) > Number(form.vcpuMax) ? { vcpuCurrent: v, vcpuMax: v } : { vcpuCurrent: v });
          }}
        />
      </label>
      <label className="field">
        <span>Maximum vCPUs</span>
        <input type="number" min={1} value={form.vcpuMax} onChange={(e) => set({ vcpuMax: e.target.value })} />
      </label>
    </div>
  );
}

export function MemoryPage({ form, set }: PageProps) {
  return (
    <div className="details-grid">
      <label className="field">
        <span>Current memory (MiB)</span>
        <input
          type="number"
          min={1}
          value={form.memCurrent}
          onChange={(e) => {
            const v = e.target.value;
            set(Number(v) > Number(form.memMax) ? { memCurrent: v, memMax: v } : { memCurrent: v });
          }}
        />
      </label>
      <label className="field">
        <span>Maximum memory (MiB)</span>
        <input type="number" min={1} value={form.memMax} onChange={(e) => set({ memMax: e.target.value })} />
      </label>
    </div>
  );
}

export function BootPage({ details: d, form, set }: PageProps) {
  return (
    <>
      <label className="wizard-radio">
        <input type="checkbox" checked={form.autostart} disabled={!d.persistent} onChange={(e) => set({ autostart: e.target.checked })} />
        Start virtual machine on host boot up
      </label>
      <label className="wizard-radio">
        <input type="checkbox" checked={form.bootMenu} onChange={(e) => set({ bootMenu: e.target.checked })} />
        Enable boot menu
      </label>
      <fieldset className="wizard-fieldset">
        <legend>Boot device order</legend>
        {d.kernel ? <p className="field-hint">The guest boots its kernel directly; the device order applies when the kernel is removed.</p> : null}
        {d.boot.style === 'per-device' ? <p className="field-hint">This guest sets the boot order on its devices; it is written there.</p> : null}
        <ol className="details-boot-list" aria-label="Boot device order">
          {form.bootOrder.map((b, i) => (
            <li key={b.dev} className="details-boot-item">
              <label className="wizard-radio">
                <input
                  type="checkbox"
                  checked={b.enabled}
                  onChange={(e) => set({ bootOrder: form.bootOrder.map((x) => (x.dev === b.dev ? { ...x, enabled: e.target.checked } : x)) })}
                />
                {BOOT_LABELS[b.dev]}
              </label>
              <button type="button" className="btn btn-plain" aria-label={`Move ${BOOT_LABELS[b.dev]} up`} disabled={i === 0} onClick={() => set({ bootOrder: moveBoot(form.bootOrder, i, -1) })}>
                ↑
              </button>
              <button
                type="button"
                className="btn btn-plain"
                aria-label={`Move ${BOOT_LABELS[b.dev]} down`}
                disabled={i === form.bootOrder.length - 1}
                onClick={() => set({ bootOrder: moveBoot(form.bootOrder, i, 1) })}
              >
                ↓
              </button>
            </li>
          ))}
        </ol>
      </fieldset>
      {d.kernel ? (
        <fieldset className="wizard-fieldset">
          <legend>Direct kernel boot</legend>
          <label className="field">
            <span>Kernel path</span>
            <input type="text" value={form.kernel} onChange={(e) => set({ kernel: e.target.value })} />
          </label>
          <label className="field">
            <span>Initrd path</span>
            <input type="text" value={form.initrd} onChange={(e) => set({ initrd: e.target.value })} />
          </label>
          <label className="field">
            <span>Kernel args</span>
            <input type="text" value={form.cmdline} onChange={(e) => set({ cmdline: e.target.value })} />
          </label>
        </fieldset>
      ) : null}
    </>
  );
}

export function DevicePage({ device }: { device: DeviceDetails }) {
  return (
    <>
      <ReadOnly label={device.label} rows={device.fields.length > 0 ? device.fields : [{ label: 'Element', value: `<${device.kind}>` }]} />
      <p className="field-hint">Edit this device in the XML tab.</p>
    </>
  );
}

export function XmlPage({ xml, setXml, readOnly }: { xml: string; setXml(v: string): void; readOnly: boolean }) {
  return (
    <>
      <label className="field details-xml-field">
        <span>Domain XML</span>
        <textarea className="details-xml" aria-label="Domain XML" spellCheck={false} value={xml} readOnly={readOnly} onChange={(e) => setXml(e.target.value)} />
      </label>
      <p className="field-hint">Apply defines the guest from this XML; libvirt checks it, and a refused XML changes nothing.</p>
    </>
  );
}
