/** Rules for workloads: every container of a Deployment/StatefulSet/DaemonSet has both probes. */
import type { RawFinding } from '../../../findings/index.js';
import { asArray, at, isRecord, rule, str } from './util.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export const probes = rule({
  id: 'workload-probes',
  title: 'readiness and liveness probes',
  format: 'yaml',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const o of doc.objects) {
      if (!WORKLOADS.has(o.kind)) continue;
      const spec = isRecord(o.value.spec) ? o.value.spec : {};
      const template = isRecord(spec.template) ? spec.template : {};
      const podSpec = isRecord(template.spec) ? template.spec : {};
      asArray(podSpec.containers).forEach((c, i) => {
        if (!isRecord(c)) return;
        const missing = (['readinessProbe', 'livenessProbe'] as const).filter((p) => !isRecord(c[p]));
        if (missing.length === 0) return;
        out.push(
          at(doc, o.line(['spec', 'template', 'spec', 'containers', i]), 'PROBE_MISSING', this.id, {
            object: `${o.kind}/${o.name}`,
            container: str(c.name) ?? `#${i}`,
            missing,
          }),
        );
      });
    }
    return out;
  },
});
