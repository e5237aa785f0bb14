import { describe, expect, it } from '@jest/globals';
import { COMPONENTS, deploymentOf, objectsOfKind, selects, type NetworkPolicy } from './k8s-objects.js';
import { hasKubectl, OVERLAYS, renderOverlay, type K8sObject } from './render-overlay.js';

const describeWithKubectl = hasKubectl() ? describe : describe.skip;

interface Ingress extends K8sObject {
  spec: { rules: { http: { paths: { backend: { service: { name: string } } }[] } }[]; defaultBackend?: unknown };
}

const podLabels = (objects: K8sObject[], component: (typeof COMPONENTS)[number]) => deploymentOf(objects, component).spec.template.metadata.labels;

/** The policies that apply to a pod with these labels, by the kind of traffic they govern. */
const policiesFor = (objects: K8sObject[], labels: Record<string, string>, type: 'Ingress' | 'Egress') =>
  objectsOfKind<NetworkPolicy>(objects, 'NetworkPolicy').filter(
    (policy) => selects(policy.spec.podSelector, labels) && (policy.spec.policyTypes ?? ['Ingress']).includes(type),
  );

describeWithKubectl('what can reach what', () => {
  describe.each(OVERLAYS)('in the %s overlay', (overlay) => {
    const objects = () => renderOverlay(overlay);

    it('should have one Ingress, and only to the gateway Service', () => {
      const ingresses = objectsOfKind<Ingress>(objects(), 'Ingress');
      expect(ingresses).toHaveLength(1);
      expect(ingresses[0].spec.defaultBackend).toBeUndefined();
      const backends = ingresses[0].spec.rules.flatMap((rule) => rule.http.paths.map((path) => path.backend.service.name));
      expect(new Set(backends)).toEqual(new Set(['tabula-gateway']));
    });

    it('should publish no Service outside the cluster (no NodePort, no LoadBalancer)', () => {
      const services = objectsOfKind<K8sObject & { spec: { type?: string } }>(objects(), 'Service');
      expect(services.map((service) => service.spec.type ?? 'ClusterIP')).toEqual(['ClusterIP', 'ClusterIP', 'ClusterIP']);
    });

    it('should deny all traffic of every Tabula pod unless a policy opens it', () => {
      const denyAll = objectsOfKind<NetworkPolicy>(objects(), 'NetworkPolicy').filter(
        (policy) => !policy.spec.ingress && !policy.spec.egress && policy.spec.policyTypes?.includes('Ingress') && policy.spec.policyTypes?.includes('Egress'),
      );
      for (const component of COMPONENTS) expect(denyAll.some((policy) => selects(policy.spec.podSelector, podLabels(objects(), component)))).toBe(true);
    });

    it.each(['trainer', 'predictor'] as const)('should let only gateway pods connect to the %s, on its port only', (component) => {
      const gateway = podLabels(objects(), 'gateway');
      const port = component === 'trainer' ? 8001 : 8002;
      const rules = policiesFor(objects(), podLabels(objects(), component), 'Ingress').flatMap((policy) => policy.spec.ingress ?? []);
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        // A rule without `from` admits every source; a namespaceSelector or ipBlock peer admits more than the gateway.
        expect(rule.from?.length).toBeGreaterThan(0);
        for (const peer of rule.from ?? []) {
          expect(peer.namespaceSelector).toBeUndefined();
          expect(peer.ipBlock).toBeUndefined();
          expect(selects(peer.podSelector ?? {}, gateway)).toBe(true);
          for (const other of COMPONENTS.filter((name) => name !== 'gateway')) expect(selects(peer.podSelector ?? {}, podLabels(objects(), other))).toBe(false);
        }
        expect(rule.ports).toEqual([{ protocol: 'TCP', port }]);
      }
    });

    it('should let the gateway accept on 8000 and connect to the trainer and the predictor', () => {
      const gateway = podLabels(objects(), 'gateway');
      const ingress = policiesFor(objects(), gateway, 'Ingress').flatMap((policy) => policy.spec.ingress ?? []);
      expect(ingress.flatMap((rule) => rule.ports ?? [])).toEqual([{ protocol: 'TCP', port: 8000 }]);
      const egress = policiesFor(objects(), gateway, 'Egress').flatMap((policy) => policy.spec.egress ?? []);
      for (const [component, port] of [['trainer', 8001], ['predictor', 8002]] as const) {
        const labels = podLabels(objects(), component);
        const opened = egress.some((rule) => rule.to?.some((peer) => selects(peer.podSelector ?? {}, labels) && !peer.namespaceSelector) && rule.ports?.some((p) => p.port === port));
        expect(opened).toBe(true);
      }
    });

    it.each(COMPONENTS)('should open the %s egress to the database and object store in cluster mode only', (component) => {
      const ports = policiesFor(objects(), podLabels(objects(), component), 'Egress')
        .flatMap((policy) => policy.spec.egress ?? [])
        .flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
      const expected = overlay === 'single' ? [] : component === 'gateway' ? [5432] : [5432, 443, 9000];
      expect(ports.filter((port) => port === 5432 || port === 443 || port === 9000).sort()).toEqual([...expected].sort());
    });
  });
});
