import { describe, expect, it } from '@jest/globals';
import { hasKubectl, OVERLAYS, renderOverlay, type K8sObject } from './render-overlay.js';
import { validateK8sObject } from './validate-k8s-object.js';

const describeWithKubectl = hasKubectl() ? describe : describe.skip;

describe('validateK8sObject(object)', () => {
  it('should refuse an object that breaks the schema, naming the field', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'x', image: 'x', ports: [{ containerPort: 'http' }] }] } } },
    } as unknown as K8sObject;
    expect(validateK8sObject(broken)).toEqual([expect.stringContaining('containerPort must be integer')]);
  });

  it('should refuse a kind it has no schema for rather than pass it', () => {
    const unknown = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'old' } } as K8sObject;
    expect(validateK8sObject(unknown)).toEqual(['PodDisruptionBudget old: no schema for apiVersion policy/v1beta1 kind PodDisruptionBudget']);
  });
});

describeWithKubectl('kubectl kustomize deploy/kubernetes/overlays/<overlay>', () => {
  describe.each(OVERLAYS)('%s', (overlay) => {
    it('should render objects that are all valid by the Kubernetes schemas', () => {
      const objects = renderOverlay(overlay);
      expect(objects.length).toBeGreaterThan(10);
      expect(objects.flatMap(validateK8sObject)).toEqual([]);
    });

    it('should put every namespaced object in the tabula namespace', () => {
      const namespaced = renderOverlay(overlay).filter((object) => object.kind !== 'Namespace');
      expect(namespaced.filter((object) => object.metadata.namespace !== 'tabula').map((object) => `${object.kind} ${object.metadata.name}`)).toEqual([]);
    });

    it('should create the namespace with the restricted Pod Security profile enforced', () => {
      const namespaces = renderOverlay(overlay).filter((object) => object.kind === 'Namespace');
      expect(namespaces.map((namespace) => [namespace.metadata.name, namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']])).toEqual([['tabula', 'restricted']]);
    });
  });
});
