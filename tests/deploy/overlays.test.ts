import { describe, expect, it } from '@jest/globals';
import { COMPONENTS, containersOf, deploymentOf, envValue, objectsOfKind, selects, type Container, type Deployment } from './k8s-objects.js';
import { hasKubectl, renderOverlay, renderKustomization, type K8sObject } from './render-overlay.js';

const describeWithKubectl = hasKubectl() ? describe : describe.skip;

interface Autoscaler extends K8sObject {
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: { type: string; resource?: { name: string; target: { type: string } } }[];
  };
}
interface DisruptionBudget extends K8sObject {
  spec: { maxUnavailable?: number | string; minAvailable?: number | string; selector: { matchLabels: Record<string, string> } };
}

const replicasOf = (objects: K8sObject[]) => Object.fromEntries(COMPONENTS.map((component) => [component, deploymentOf(objects, component).spec.replicas]));
const secretRef = (container: Container, name: string) => container.env?.find((env) => env.name === name)?.valueFrom?.secretKeyRef;
const mainContainer = (deployment: Deployment) => deployment.spec.template.spec.containers[0];

/** What the issue asks of each overlay: replicas per service, volume claims, autoscaled Deployments. */
const SHAPES = {
  single: { replicas: { gateway: 1, trainer: 1, predictor: 1 }, claims: ['tabula-models'], autoscaled: [] },
  cluster: { replicas: { gateway: 2, trainer: 2, predictor: 3 }, claims: [], autoscaled: ['tabula-predictor'] },
} as const;

describeWithKubectl('the overlays', () => {
  describe('single', () => {
    const objects = () => renderOverlay('single');

    it('should mount one PersistentVolumeClaim at /models (MODELS_DIR) in trainer and predictor only', () => {
      for (const component of COMPONENTS) {
        const deployment = deploymentOf(objects(), component);
        const volume = deployment.spec.template.spec.volumes?.find((v) => v.persistentVolumeClaim?.claimName === 'tabula-models');
        const mount = mainContainer(deployment).volumeMounts?.find((m) => m.name === volume?.name);
        if (component === 'gateway') expect(volume).toBeUndefined();
        else expect([mount?.mountPath, envValue(mainContainer(deployment), 'MODELS_DIR')]).toEqual(['/models', '/models']);
      }
    });

    it('should keep the folder store to one trainer, even during a rollout', () => {
      expect(deploymentOf(objects(), 'trainer').spec.strategy?.type).toBe('Recreate');
    });

    it('should need no database, object store or Secret', () => {
      for (const container of objectsOfKind<Deployment>(objects(), 'Deployment').flatMap(containersOf)) {
        expect(container.env?.map((env) => env.name)).not.toContain('DATABASE_URL');
        expect(container.envFrom).toBeUndefined();
      }
      expect(objectsOfKind(objects(), 'Secret')).toEqual([]);
    });
  });

  describe('cluster', () => {
    const objects = () => renderOverlay('cluster');

    it('should scale predictors on CPU, never below the replicas it starts with', () => {
      const autoscalers = objectsOfKind<Autoscaler>(objects(), 'HorizontalPodAutoscaler');
      expect(autoscalers.map((hpa) => hpa.spec.scaleTargetRef)).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'tabula-predictor' }]);
      const [hpa] = autoscalers;
      expect(hpa.spec.minReplicas).toBe(3);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      expect(hpa.spec.metrics.map((metric) => [metric.type, metric.resource?.name, metric.resource?.target.type])).toEqual([['Resource', 'cpu', 'Utilization']]);
    });

    it('should read DATABASE_URL from the Secret tabula-cluster in every service, and ship no Secret', () => {
      for (const component of COMPONENTS) {
        expect(secretRef(mainContainer(deploymentOf(objects(), component)), 'DATABASE_URL')).toEqual({ name: 'tabula-cluster', key: 'DATABASE_URL' });
      }
      expect(objectsOfKind(objects(), 'Secret')).toEqual([]);
    });

    it('should give trainers and predictors the artifact store: ARTIFACTS_URI from a ConfigMap, optional AWS credentials from the Secret', () => {
      const [settings] = objectsOfKind(objects(), 'ConfigMap');
      expect(settings.data?.ARTIFACTS_URI).toMatch(/^(s3|file):\/\//);
      for (const component of ['trainer', 'predictor'] as const) {
        const container = mainContainer(deploymentOf(objects(), component));
        expect(container.envFrom).toEqual([{ configMapRef: { name: settings.metadata.name } }]);
        for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) expect(secretRef(container, key)).toEqual({ name: 'tabula-cluster', key, optional: true });
      }
      expect(mainContainer(deploymentOf(objects(), 'gateway')).envFrom).toBeUndefined();
    });
  });

  describe.each(['single', 'cluster'] as const)('%s', (overlay) => {
    it('should run its replicas, with its volume claims and autoscalers', () => {
      const objects = renderOverlay(overlay);
      expect(replicasOf(objects)).toEqual(SHAPES[overlay].replicas);
      expect(objectsOfKind(objects, 'PersistentVolumeClaim').map((claim) => claim.metadata.name)).toEqual(SHAPES[overlay].claims);
      expect(objectsOfKind<Autoscaler>(objects, 'HorizontalPodAutoscaler').map((hpa) => hpa.spec.scaleTargetRef.name)).toEqual(SHAPES[overlay].autoscaled);
    });

    it('should have one PodDisruptionBudget, for predictors, that lets one go at a time', () => {
      const objects = renderOverlay(overlay);
      const budgets = objectsOfKind<DisruptionBudget>(objects, 'PodDisruptionBudget');
      expect(budgets.map((budget) => [budget.spec.maxUnavailable, budget.spec.minAvailable])).toEqual([[1, undefined]]);
      const selected = COMPONENTS.filter((component) => selects(budgets[0].spec.selector, deploymentOf(objects, component).spec.template.metadata.labels));
      expect(selected).toEqual(['predictor']);
    });

    it('should take other images through a kustomization of its own (`images:`)', () => {
      const objects = renderKustomization([`overlays/${overlay}`], [
        ...COMPONENTS.map((component) => ({ name: `tabula-${component}`, newName: `registry.example.com/tabula/${component}`, newTag: '1.2.3' })),
      ]);
      const images = COMPONENTS.map((component) => containersOf(deploymentOf(objects, component)).map((container) => container.image));
      expect(images).toEqual(COMPONENTS.map((component) => [`registry.example.com/tabula/${component}:1.2.3`]));
    });
  });
});
